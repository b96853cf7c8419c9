package com.wkpos.edge.drivers.escpos;

import java.io.IOException;

/**
 * The bulk endpoints of one claimed USB interface: the seam between {@link UsbLink} (chunks, deadlines,
 * closing) and libusb. Not thread-safe: the link makes one call at a time, {@link #release} included.
 * Every call returns within its timeout (plus libusb's own cancel time).
 */
interface UsbPipe {

    /** True when the interface has a bulk IN endpoint, so the printer can answer status queries. */
    boolean canReceive();

    /** The largest packet the IN endpoint delivers; {@link #receive} buffers must hold at least this. */
    int packetSize();

    /**
     * Sends up to {@code length} bytes from {@code data[offset]} over bulk OUT.
     *
     * @return how many bytes the printer took, 0 when it took none within {@code timeoutMillis}
     * @throws java.io.EOFException when the device is gone (unplugged)
     */
    int send(byte[] data, int offset, int length, long timeoutMillis) throws IOException;

    /**
     * Receives one transfer over bulk IN.
     *
     * @return how many bytes arrived in {@code into}, 0 when none arrived within {@code timeoutMillis}
     * @throws java.io.EOFException when the device is gone (unplugged)
     */
    int receive(byte[] into, long timeoutMillis) throws IOException;

    /** Releases the interface and gives it back to a kernel driver it was taken from. Never throws. */
    void release();
}

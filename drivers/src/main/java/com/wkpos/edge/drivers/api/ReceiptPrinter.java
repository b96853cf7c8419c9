package com.wkpos.edge.drivers.api;

/**
 * An ESC/POS receipt printer. Jobs are complete ESC/POS byte streams (built with escpos-coffee by
 * the caller). Thread-safe: jobs from several threads are written one after the other, never
 * interleaved.
 */
public interface ReceiptPrinter extends Device {
    /**
     * Writes one job and returns once its last byte was handed to the printer and the printer reports
     * it can print (polled with {@code DLE EOT} where the transport is two-way). Blocking; bounded by
     * the transport's timeouts.
     *
     * @throws DeviceException the job may be incomplete (unplugged mid-job, paper out, cover open);
     *                         the state says why. The caller decides whether to print it again.
     */
    void print(byte[] job) throws DeviceException;

    /**
     * Polls the real-time status ({@code DLE EOT 1..4}). Blocking, bounded by a short timeout.
     *
     * @throws DeviceException when the printer does not answer, or the transport is one-way
     *                         (a usblp file or raw USB without a read endpoint)
     */
    PrinterStatus status() throws DeviceException;
}

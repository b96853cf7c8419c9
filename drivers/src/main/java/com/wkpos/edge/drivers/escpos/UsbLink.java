package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A printer on raw USB ({@code usb:04b8:0e15}): jobs go out over the interface's bulk OUT endpoint in
 * chunks, status answers come back over its bulk IN endpoint when it has one (then the link is two-way and
 * {@code DLE EOT} works). Options: see {@link UsbTarget}.
 *
 * <p>libusb must not close a handle while a transfer on it runs, so every transfer is cut into slices of at
 * most {@link #SLICE_MILLIS} and runs under one lock; {@link #close} marks the link closed, waits for the
 * slice in flight (so at most that long) and then releases the interface. A blocked write or read thus
 * fails within a slice of {@code close}, as {@link Link} requires.
 */
final class UsbLink implements Link {
    /** Bytes per bulk OUT transfer: big enough for throughput, small enough to measure progress. */
    static final int CHUNK = 4096;
    /** The longest a single libusb call may block. */
    static final long SLICE_MILLIS = 100;
    /** A late answer still in flight is drained with reads this short. */
    private static final long DRAIN_MILLIS = 2;
    private static final int MAX_DRAIN_READS = 16;

    private final UsbPipe pipe;
    private final String name;
    private final Duration writeTimeout;
    private final ReentrantLock io = new ReentrantLock();
    private final byte[] received;
    private int next;
    private int end;
    private boolean released;
    private volatile boolean closed;

    UsbLink(UsbPipe pipe, String name, Duration writeTimeout) {
        this.pipe = pipe;
        this.name = name;
        this.writeTimeout = writeTimeout;
        this.received = new byte[Math.max(1, pipe.packetSize())];
    }

    /**
     * Claims the printer's interface. Blocking for milliseconds (no transfer is made).
     *
     * @throws IOException naming the printer: libusb unavailable, not attached, no permission, interface busy
     */
    static UsbLink open(UsbTarget target, Duration writeTimeout) throws IOException {
        return new UsbLink(LibUsbPipe.claim(target), target.toString(), writeTimeout);
    }

    @Override
    public boolean twoWay() {
        return pipe.canReceive();
    }

    /** Blocks until the printer took every byte, at most the write timeout. */
    @Override
    public void write(byte[] bytes) throws IOException {
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        int offset = 0;
        while (offset < bytes.length) {
            long left = millisLeft(deadline);
            if (left <= 0) {
                throw new InterruptedIOException(name + " took " + offset + " of " + bytes.length + " bytes within "
                        + writeTimeout.toMillis() + " ms");
            }
            offset += send(bytes, offset, Math.min(CHUNK, bytes.length - offset), Math.min(SLICE_MILLIS, left));
        }
    }

    @Override
    public int read(Duration timeout) throws IOException {
        if (next < end) {
            return received[next++] & 0xFF;
        }
        if (!pipe.canReceive()) {
            throw new IOException(name + " has no bulk IN endpoint; it answers no status");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = millisLeft(deadline);
            if (left <= 0) {
                throw new InterruptedIOException("no byte from " + name + " within " + timeout.toMillis() + " ms");
            }
            if (receive(Math.min(SLICE_MILLIS, left)) > 0) {
                return received[next++] & 0xFF;
            }
        }
    }

    /** Drops buffered bytes and drains answers still arriving, each drain read only a few milliseconds. */
    @Override
    public void discardInput() throws IOException {
        if (pipe.canReceive()) {
            for (int i = 0; i < MAX_DRAIN_READS; i++) {
                if (receive(DRAIN_MILLIS) == 0) {
                    break;
                }
            }
        }
        next = 0;
        end = 0;
    }

    /** Idempotent, never throws; waits at most one slice for a transfer in flight. */
    @Override
    public void close() {
        closed = true;
        io.lock();
        try {
            if (!released) {
                released = true;
                pipe.release();
            }
        } finally {
            io.unlock();
        }
    }

    private int send(byte[] bytes, int offset, int length, long timeoutMillis) throws IOException {
        io.lock();
        try {
            requireOpen();
            return pipe.send(bytes, offset, length, timeoutMillis);
        } finally {
            io.unlock();
        }
    }

    private int receive(long timeoutMillis) throws IOException {
        io.lock();
        try {
            requireOpen();
            int n = pipe.receive(received, timeoutMillis);
            if (n > 0) {
                next = 0;
                end = n;
            }
            return n;
        } finally {
            io.unlock();
        }
    }

    private void requireOpen() throws IOException {
        if (closed) {
            throw new IOException(name + " link closed");
        }
    }

    private static long millisLeft(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }
}

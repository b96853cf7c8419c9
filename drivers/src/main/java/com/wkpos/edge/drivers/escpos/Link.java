package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.time.Duration;

/**
 * One open connection to a printer (or, in the simulator, to the host): a TCP socket, a usblp file, a
 * serial port or a claimed USB interface. Callers serialise {@link #write} and {@link #read} themselves;
 * {@link #close} may be called from any thread at any time and makes a blocked read or write fail
 * promptly. A link is not reopened: after any failure the owner closes it and opens a new one.
 */
interface Link extends AutoCloseable {

    /** False for transports the printer cannot answer on (usblp); {@link #read} then always fails. */
    boolean twoWay();

    /** Writes all bytes and flushes. Blocks while the peer does not take them (use a watchdog). */
    void write(byte[] bytes) throws IOException;

    /**
     * Reads one byte, waiting at most {@code timeout}.
     *
     * @return the byte, 0..255
     * @throws java.io.InterruptedIOException when nothing arrived in time
     * @throws java.io.EOFException           when the peer closed the link
     */
    int read(Duration timeout) throws IOException;

    /** Drops bytes received but not read yet, such as a late answer to an earlier query. */
    void discardInput() throws IOException;

    /** Idempotent, never throws. */
    @Override
    void close();
}

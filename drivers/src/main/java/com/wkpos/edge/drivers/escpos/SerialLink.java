package com.wkpos.edge.drivers.escpos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * A serial port through jssc, 8N1 at the configured baud rate. Two-way.
 *
 * <p>jssc's blocking {@code readBytes} can spin forever when another thread closes the port, so this
 * link never calls it for more bytes than are already buffered: it polls the input count with a short
 * park until the deadline, and {@link #close} takes the same monitor so it never races a native read.
 */
final class SerialLink implements Link {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final SerialPort port;
    private byte[] buffered = new byte[0];
    private int next;
    private volatile boolean closed;

    private SerialLink(SerialPort port) {
        this.port = port;
    }

    /**
     * Opens the port. A pseudo-terminal refuses line settings ({@code setParams} answers false): that is
     * tolerated, as a pty has no baud rate to set.
     */
    static SerialLink open(String path, int baud) throws IOException {
        SerialPort port = new SerialPort(path);
        try {
            if (!port.openPort()) {
                throw new IOException("cannot open serial port " + path);
            }
            if (!port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE)) {
                Logger.debug("serial port {} refused line settings (a pseudo-terminal?); using it as is", path);
            }
            return new SerialLink(port);
        } catch (SerialPortException e) {
            closeQuietly(port);
            throw new IOException("serial port " + path + ": " + e.getExceptionType(), e);
        }
    }

    @Override
    public boolean twoWay() {
        return true;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        try {
            if (closed || !port.writeBytes(bytes)) {
                throw new IOException("serial port " + port.getPortName() + " did not take " + bytes.length + " bytes");
            }
        } catch (SerialPortException e) {
            throw new IOException("serial port " + port.getPortName() + ": " + e.getExceptionType(), e);
        }
    }

    @Override
    public int read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (next >= buffered.length) {
            if (fill()) {
                break;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new InterruptedIOException("no byte from " + port.getPortName() + " within " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return buffered[next++] & 0xFF;
    }

    @Override
    public void discardInput() throws IOException {
        next = buffered.length;
        while (fill()) {
            next = buffered.length;
        }
    }

    /** Reads whatever is buffered by the driver now; false when there was nothing. */
    private synchronized boolean fill() throws IOException {
        if (closed) {
            throw new EOFException("serial port " + port.getPortName() + " closed");
        }
        try {
            int available = port.getInputBufferBytesCount();
            if (available <= 0) {
                return false;
            }
            buffered = port.readBytes(available);
            next = 0;
            return buffered.length > 0;
        } catch (SerialPortException e) {
            throw new IOException("serial port " + port.getPortName() + ": " + e.getExceptionType(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(port);
        }
    }

    private static void closeQuietly(SerialPort port) {
        try {
            if (port.isOpened()) {
                port.closePort();
            }
        } catch (SerialPortException ignored) {
            // nothing left to release
        }
    }
}

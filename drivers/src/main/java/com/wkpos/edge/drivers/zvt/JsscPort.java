package com.wkpos.edge.drivers.zvt;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * A serial port through jssc, 8 data bits, 2 stop bits, no parity (ZVT's usual 8N2).
 *
 * <p>Why it polls: jssc's blocking reads can spin forever once another thread closes the port, and
 * its event thread busy-waits. So one daemon thread asks how many bytes are waiting, reads exactly
 * those (a read that cannot block) and otherwise parks for {@value #POLL_MS} ms. {@link #close}
 * stops that thread first and only then closes the port, so no thread is ever left inside jssc.
 */
final class JsscPort implements SerialLink.Port {
    static final int POLL_MS = 5;
    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final SerialPort port;
    private final String name;
    private final Object writeLock = new Object();
    private volatile boolean closing;
    private Thread reader;

    private JsscPort(SerialPort port) {
        this.port = port;
        this.name = "serial " + port.getPortName();
    }

    /**
     * Opens {@code path} at {@code baud}. A pseudo-terminal refuses the line settings (jssc's
     * {@code setParams} answers false there): that is tolerated, the bytes still flow.
     */
    static JsscPort open(String path, int baud) throws IOException {
        SerialPort port = new SerialPort(path);
        try {
            if (!port.openPort()) {
                throw new IOException("serial " + path + " did not open");
            }
            if (!port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_2, SerialPort.PARITY_NONE)) {
                Logger.debug("serial {} kept its line settings (a pseudo-terminal has none)", path);
            }
            port.purgePort(SerialPort.PURGE_RXCLEAR | SerialPort.PURGE_TXCLEAR);
            return new JsscPort(port);
        } catch (SerialPortException e) {
            closeQuietly(port);
            throw new IOException("serial " + path + ": " + e.getExceptionType(), e);
        }
    }

    @Override
    public synchronized void start(SerialLink link) {
        if (reader != null) {
            throw new IllegalStateException(name + " already started");
        }
        reader = Thread.ofPlatform().daemon().name("zvt-" + name).start(() -> pollLoop(link));
    }

    private void pollLoop(SerialLink link) {
        while (!closing) {
            try {
                int waiting = port.getInputBufferBytesCount();
                if (waiting < 0) {
                    throw new IOException(name + " reports no input buffer (unplugged?)");
                }
                if (waiting == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MS));
                    continue;
                }
                byte[] bytes = port.readBytes(waiting);
                if (bytes != null && bytes.length > 0) {
                    link.bytesArrived(bytes);
                }
            } catch (IOException e) {
                // jssc's SerialPortException is an IOException too
                if (!closing) {
                    link.portFailed(e);
                }
                return;
            }
        }
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        synchronized (writeLock) {
            try {
                if (closing || !port.writeBytes(bytes)) {
                    throw new IOException(name + ": write of " + bytes.length + " bytes failed");
                }
            } catch (SerialPortException e) {
                throw new IOException(name + ": " + e.getExceptionType(), e);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        closing = true;
        Thread r;
        synchronized (this) {
            r = reader;
        }
        if (r != null && r != Thread.currentThread()) {
            LockSupport.unpark(r);
            try {
                r.join(STOP_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (writeLock) {
            closeQuietly(port);
        }
    }

    private static void closeQuietly(SerialPort port) {
        try {
            if (port.isOpened()) {
                port.closePort();
            }
        } catch (SerialPortException e) {
            Logger.warn("closing serial {} failed: {}", port.getPortName(), e.getExceptionType());
        }
    }
}

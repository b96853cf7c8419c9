package com.wkpos.edge.drivers.scanner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * Reads one opened serial port on its own daemon thread until stopped or the port fails, and closes
 * the port when it ends.
 *
 * <p>Why it polls: jssc's {@code readBytes} waits in {@code poll(-1)}, which a close from another
 * thread never wakes, and jssc's event listener thread spins every 100 ns. Asking for the input count
 * (one ioctl) every {@value #IDLE_MILLIS} ms while idle and reading only what is there costs next to
 * nothing, lets {@link #stop()} end the thread within one interval, and notices an unplugged port: the
 * ioctl fails with EIO once the tty is hung up. Reads are bounded to {@value #CHUNK} bytes, so a flood
 * costs no memory and keeps only this thread busy.
 */
final class SerialReadLoop implements ReadLoop, Runnable {
    static final int IDLE_MILLIS = 10;
    private static final int CHUNK = 4096;
    private static final long STOP_WAIT_MILLIS = 1000;

    private final String device;
    private final SerialPort port;
    private final SuffixFramer framer;
    private final long gapNanos;
    private final BiConsumer<SerialReadLoop, String> onLost;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param onLost called once on the reader thread, with this loop and why, when the port fails while running */
    SerialReadLoop(String device, SerialPort port, SuffixFramer framer, long gapNanos,
                   BiConsumer<SerialReadLoop, String> onLost) {
        this.device = device;
        this.port = port;
        this.framer = framer;
        this.gapNanos = gapNanos;
        this.onLost = onLost;
        this.thread = Thread.ofPlatform().daemon().name("scanner " + device).unstarted(this);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /**
     * Ends the reader and waits for it, bounded. Should jssc's native read ever spin (a hang-up between
     * the input count and the read), closing the port from here makes it fail with EBADF, so no thread
     * is left behind.
     */
    @Override
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        if (Thread.currentThread() == thread || join()) {
            return;
        }
        closePort();
        if (!join()) {
            Logger.warn("scanner={} reader thread did not end within {} ms after its port was closed", device,
                    2 * STOP_WAIT_MILLIS);
        }
    }

    @Override
    public void run() {
        long lastInput = System.nanoTime();
        try {
            while (running) {
                int available = port.getInputBufferBytesCount();
                if (available > 0) {
                    byte[] bytes = port.readBytes(Math.min(available, CHUNK));
                    framer.feed(bytes, bytes.length);
                    lastInput = System.nanoTime();
                } else {
                    if (framer.hasPartial() && System.nanoTime() - lastInput > gapNanos) {
                        framer.discardPartial();
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                }
            }
        } catch (SerialPortException | RuntimeException e) {
            if (running) {
                running = false;
                onLost.accept(this, "port lost: " + describe(e));
            }
        } finally {
            closePort();
        }
    }

    private static String describe(Exception e) {
        return e instanceof SerialPortException s ? s.getExceptionType() : e.toString();
    }

    private boolean join() {
        try {
            return thread.join(Duration.ofMillis(STOP_WAIT_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void closePort() {
        if (!port.isOpened()) {
            return;
        }
        try {
            port.closePort();
        } catch (SerialPortException e) {
            Logger.debug(e, "scanner={} closing a lost port failed; its file descriptor is gone with it", device);
        }
    }
}

package com.wkpos.edge.drivers.scanner;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.tinylog.Logger;

/**
 * Reads input_event records from one opened evdev file descriptor on its own daemon thread until
 * stopped or the device goes away, and closes the descriptor when it ends (which also releases the
 * grab). It waits in {@code poll} with a {@value #POLL_MILLIS} ms timeout rather than in a blocking
 * {@code read}, which a close from another thread would never wake: {@link #stop()} ends it within one
 * timeout. An unplugged device answers {@code ENODEV} or hangs up; a FIFO whose writer left reads 0.
 */
final class EvdevReadLoop implements ReadLoop, Runnable {
    private static final int POLL_MILLIS = 100;
    private static final int RECORDS_PER_READ = 64;
    private static final int POLL_GONE = 0x8 | 0x10 | 0x20; // POLLERR | POLLHUP | POLLNVAL

    private final String device;
    private final int fd;
    private final InputEventParser parser;
    private final KeyDecoder decoder;
    private final long gapNanos;
    private final BiConsumer<EvdevReadLoop, String> onLost;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param onLost called once on the reader thread, with this loop and why, when the device goes away */
    EvdevReadLoop(String device, int fd, InputEventParser parser, KeyDecoder decoder, long gapNanos,
                  BiConsumer<EvdevReadLoop, String> onLost) {
        this.device = device;
        this.fd = fd;
        this.parser = parser;
        this.decoder = decoder;
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

    /** Ends the reader and waits for it, bounded by about two poll timeouts. */
    @Override
    public void stop() {
        running = false;
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            if (!thread.join(Duration.ofMillis(10L * POLL_MILLIS))) {
                Logger.warn("scanner={} reader thread did not end within {} ms", device, 10 * POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate((long) parser.recordSize() * RECORDS_PER_READ);
            byte[] bytes = new byte[(int) buffer.byteSize()];
            long lastInput = System.nanoTime();
            while (running) {
                try {
                    if (step(buffer, bytes, lastInput)) {
                        lastInput = System.nanoTime();
                    }
                } catch (LibC.ErrnoException e) {
                    if (e.errno() != LibC.EINTR && e.errno() != LibC.EAGAIN) {
                        lost(e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            lost("reader failed: " + e);
        } finally {
            closeFd();
        }
    }

    /** Waits for input once and reads it. @return true when events were read */
    private boolean step(MemorySegment buffer, byte[] bytes, long lastInput) throws LibC.ErrnoException {
        int revents = LibC.poll(fd, LibC.POLLIN, POLL_MILLIS);
        if (revents == 0) {
            if (decoder.hasPartial() && System.nanoTime() - lastInput > gapNanos) {
                decoder.discardPartial();
            }
            return false;
        }
        if ((revents & LibC.POLLIN) == 0 && (revents & POLL_GONE) != 0) {
            lost("device hung up (poll revents 0x" + Integer.toHexString(revents) + ")");
            return false;
        }
        long n = LibC.read(fd, buffer);
        if (n == 0) {
            lost("end of input");
            return false;
        }
        MemorySegment.copy(buffer, JAVA_BYTE, 0, bytes, 0, (int) n);
        parser.feed(bytes, (int) n, decoder::accept);
        return true;
    }

    private void lost(String reason) {
        if (running) {
            running = false;
            onLost.accept(this, reason);
        }
    }

    private void closeFd() {
        try {
            LibC.close(fd);
        } catch (LibC.ErrnoException e) {
            Logger.debug("scanner={} closing fd {}: {}", device, fd, e.getMessage());
        }
    }
}

package com.wkpos.edge.drivers.gpio;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import org.tinylog.Logger;

/**
 * Watches a drawer switch on a Pi4J digital input and reports debounced open/closed changes.
 *
 * <p>Edges arrive through a Pi4J state-change listener, not a poll: with gpiod on Pi4J's line-event
 * thread, with the mock plugin on the thread that sets the mock state. Each edge (re)starts a settle
 * timer of {@code debounce}; only when the line has been quiet that long is its level read and compared
 * with the last reported one. So any number of bounces inside the window make at most one change, and a
 * bounce that ends where it started makes none. The level found at start is taken as known and not
 * reported.
 *
 * <p>Thread-safe. Changes are reported on the watch's own single thread, in order; the callback must not
 * block. After {@link #close} no further change is reported.
 */
final class SensorWatch implements AutoCloseable {
    private final DigitalInput input;
    private final boolean openIsHigh;
    private final Duration debounce;
    private final Consumer<Boolean> changed;
    private final ScheduledExecutorService timer;
    private final DigitalStateChangeListener edges = event -> edge();
    private ScheduledFuture<?> settling;
    /** Only read and written on the timer thread once the constructor has handed it over. */
    private boolean reportedOpen;
    private volatile boolean closed;

    /** @param changed gets {@code true} when the drawer opened, {@code false} when it closed */
    SensorWatch(DigitalInput input, boolean openIsHigh, Duration debounce, String threadName, Consumer<Boolean> changed) {
        this.input = input;
        this.openIsHigh = openIsHigh;
        this.debounce = debounce;
        this.changed = changed;
        this.reportedOpen = isOpen();
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
        input.addListener(edges);
    }

    /** Reads the switch now, without debouncing. */
    boolean isOpen() {
        return input.state().isHigh() == openIsHigh;
    }

    /** Stops listening; a change being reported right now may still finish. Idempotent, never throws. */
    @Override
    public synchronized void close() {
        closed = true;
        input.removeListener(edges);
        timer.shutdownNow();
    }

    private synchronized void edge() {
        if (closed) {
            return;
        }
        if (settling != null) {
            settling.cancel(false);
        }
        settling = timer.schedule(this::settle, debounce.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs on the timer thread: the line has been quiet for {@code debounce}. */
    private void settle() {
        boolean open;
        try {
            open = isOpen();
        } catch (RuntimeException e) {
            Logger.warn(e, "drawer switch {} could not be read; the next edge tries again", input.id());
            return;
        }
        if (closed || open == reportedOpen) {
            return;
        }
        reportedOpen = open;
        changed.accept(open);
    }
}

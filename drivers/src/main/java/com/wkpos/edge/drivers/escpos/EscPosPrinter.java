package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.api.PrinterStatus;
import com.wkpos.edge.drivers.api.ReceiptPrinter;
import org.tinylog.Logger;

/**
 * An ESC/POS printer on TCP ({@code tcp://host:9100}), serial ({@code serial:/dev/ttyUSB0?baud=38400}),
 * usblp ({@code usblp:/dev/usb/lp0}, write-only) or raw USB ({@code usb:04b8:0e15}, two-way when the
 * printer has a bulk IN endpoint). Options: see {@link PrinterOptions}.
 *
 * <p>Thread-safe. One lock serialises every exchange with the printer (jobs, status queries, drawer
 * kicks), so jobs never interleave and a status query never lands inside a job. After any transport
 * failure the link is closed and reopened lazily by the next call (or the next status poll). A status
 * poll on a background thread keeps {@link #state()} current on two-way links and reports every change
 * as a {@code printer.status} event. Listeners run on one event thread, in order.
 */
public final class EscPosPrinter implements ReceiptPrinter {
    private final PrinterOptions options;
    private final ReentrantLock lock = new ReentrantLock();
    private final ScheduledExecutorService poller;
    private final ExecutorService events;
    private final List<Consumer<DeviceEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<PrinterStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private Link link;
    private volatile Link current;
    private volatile DeviceState state = DeviceState.of(Status.OFFLINE, "not connected yet");
    private volatile boolean closed;

    private EscPosPrinter(PrinterOptions options) {
        this.options = options;
        // two threads: a watchdog must be able to fire while a poll is the exchange it guards
        this.poller = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().daemon().name("printer-poll " + options.uri()).factory());
        this.events = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("printer-events " + options.uri()).factory());
    }

    /**
     * Makes the printer and tries to reach it once (blocking at most the connect plus status timeouts).
     * An unreachable printer is not an error here: its state says OFFLINE and the next call retries.
     *
     * @throws IllegalArgumentException for a URI that names no printer transport or has a bad option
     */
    public static EscPosPrinter open(DeviceUri uri) {
        EscPosPrinter printer = new EscPosPrinter(PrinterOptions.from(uri));
        printer.refresh();
        if (printer.options.polls()) {
            long every = printer.options.poll().toMillis();
            printer.poller.scheduleWithFixedDelay(printer::pollOnce, every, every, TimeUnit.MILLISECONDS);
        }
        return printer;
    }

    @Override
    public String uri() {
        return options.uri().raw();
    }

    @Override
    public DeviceState state() {
        return state;
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Checks the printer can print, writes the job, then checks it still can. Blocking; waits for a job
     * that runs, then bounded by the write and status timeouts.
     */
    @Override
    public void print(byte[] job) throws DeviceException {
        Objects.requireNonNull(job, "job");
        lock.lock();
        try {
            Link l = connected();
            if (l.twoWay()) {
                requireReady(queryStatus(l), "nothing printed");
            }
            write(l, job, "mid-job");
            if (l.twoWay()) {
                requireReady(queryStatus(l), "after " + job.length + " bytes; the job may be incomplete");
            } else {
                setState(DeviceState.online());
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PrinterStatus status() throws DeviceException {
        lock.lock();
        try {
            Link l = connected();
            if (!l.twoWay()) {
                throw failure(state, "has no status: " + options.uri().scheme() + " is write-only", null);
            }
            return queryStatus(l);
        } finally {
            lock.unlock();
        }
    }

    /** Releases the link and the threads; a job that runs fails with CLOSED. Never blocks on a job. */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        Link l = current;
        if (l != null) {
            l.close();
        }
        events.shutdown();
        state = DeviceState.of(Status.CLOSED, "closed");
    }

    /**
     * Writes raw bytes without requiring a printable state (a drawer must open even when the paper is
     * out). On a two-way link a status query follows, so this returns once the printer has taken the
     * bytes, and a dead link fails here rather than silently.
     */
    void send(byte[] bytes) throws DeviceException {
        lock.lock();
        try {
            Link l = connected();
            write(l, bytes, "while sending");
            if (l.twoWay()) {
                queryStatus(l);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean twoWay() {
        return !options.uri().scheme().equals("usblp");
    }

    /**
     * Registers a listener for every status the printer answered (polls included), run on the event
     * thread. Returns the action that removes it.
     */
    Runnable onStatus(Consumer<PrinterStatus> listener) {
        statusListeners.add(listener);
        return () -> statusListeners.remove(listener);
    }

    private void pollOnce() {
        if (!closed && lock.tryLock()) {
            try {
                refreshLocked();
            } finally {
                lock.unlock();
            }
        }
    }

    private void refresh() {
        lock.lock();
        try {
            refreshLocked();
        } finally {
            lock.unlock();
        }
    }

    /** The state is the whole outcome here; the exception only says it was recorded. */
    private void refreshLocked() {
        try {
            Link l = connected();
            if (l.twoWay()) {
                queryStatus(l);
            } else {
                setState(DeviceState.online());
            }
        } catch (DeviceException recordedInState) {
            Logger.debug("status refresh of {} failed: {}", uri(), recordedInState.getMessage());
        }
    }

    private Link connected() throws DeviceException {
        if (closed) {
            throw new DeviceException("printer=" + uri() + " state=CLOSED", DeviceState.of(Status.CLOSED, "closed"));
        }
        if (link == null) {
            try {
                link = options.openLink();
                current = link;
            } catch (IOException e) {
                throw lost("cannot connect", e);
            }
            if (closed) {
                throw lost("closed while connecting", new IOException("printer closed"));
            }
        }
        return link;
    }

    private PrinterStatus queryStatus(Link l) throws DeviceException {
        PrinterStatus status;
        try {
            Duration limit = options.timeout().multipliedBy(4).plus(options.writeTimeout());
            status = guarded(l, limit, () -> StatusQuery.read(l, options.timeout()));
        } catch (IOException e) {
            throw lost(e instanceof InterruptedIOException ? "no status answer" : "link dropped", e);
        }
        setState(status.toState());
        for (Consumer<PrinterStatus> listener : statusListeners) {
            dispatch(() -> listener.accept(status));
        }
        return status;
    }

    private void write(Link l, byte[] bytes, String when) throws DeviceException {
        try {
            guarded(l, options.writeTimeout(), () -> {
                l.write(bytes);
                return null;
            });
        } catch (IOException e) {
            throw lost("link dropped " + when, e);
        }
    }

    /** Runs one exchange; a watchdog closes the link if it takes longer, so no thread stays stuck. */
    private <T> T guarded(Link l, Duration limit, IoAction<T> action) throws IOException {
        ScheduledFuture<?> watchdog;
        try {
            watchdog = poller.schedule(l::close, limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            throw new IOException("printer closed", e);
        }
        try {
            return action.run();
        } finally {
            watchdog.cancel(false);
        }
    }

    private void requireReady(PrinterStatus status, String consequence) throws DeviceException {
        DeviceState now = status.toState();
        if (!now.ready()) {
            throw failure(now, consequence, null);
        }
    }

    private DeviceException lost(String what, IOException cause) {
        if (link != null) {
            link.close();
            link = null;
        }
        DeviceState now = closed ? DeviceState.of(Status.CLOSED, "closed")
                : DeviceState.of(Status.OFFLINE, what + ": " + cause.getMessage());
        setState(now);
        return failure(now, "", cause);
    }

    private DeviceException failure(DeviceState st, String consequence, Throwable cause) {
        String message = "printer=" + uri() + " state=" + st.status() + (st.detail().isEmpty() ? "" : " " + st.detail())
                + (consequence.isEmpty() ? "" : "; " + consequence);
        return new DeviceException(message, st, cause);
    }

    /** Called with the lock held (or from close), so changes are seen and reported in order. */
    private void setState(DeviceState next) {
        DeviceState previous = state;
        if (closed || next.equals(previous)) {
            return;
        }
        state = next;
        Logger.info("printer {} is {}{}", uri(), next.status(), next.detail().isEmpty() ? "" : " (" + next.detail() + ")");
        DeviceEvent event = new DeviceEvent(uri(), "printer.status",
                Map.of("status", next.status().name(), "detail", next.detail()));
        for (Consumer<DeviceEvent> listener : listeners) {
            dispatch(() -> listener.accept(event));
        }
    }

    private void dispatch(Runnable call) {
        try {
            events.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    Logger.warn(e, "listener of printer {} failed; keeping it", uri());
                }
            });
        } catch (RejectedExecutionException closing) {
            Logger.debug("printer {} closed; event dropped", uri());
        }
    }

    @FunctionalInterface
    private interface IoAction<T> {
        T run() throws IOException;
    }
}

package com.wkpos.edge.agent.print;

import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.ReceiptPrinter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Prints queued receipts one at a time on its own thread, so a sale never waits for the printer.
 * Waits while there is no printer or it is not ready (paper out, cover open, offline) and resumes on
 * its own once it is.
 */
public final class PrintWorker implements AutoCloseable {
    private final PrintQueue queue;
    private final Supplier<Optional<ReceiptPrinter>> printer;
    private final ReceiptRenderer renderer;
    private final Events events;
    private final Duration idle;
    private final java.util.function.Predicate<PrintJob> ready;
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;

    public PrintWorker(PrintQueue queue, Supplier<Optional<ReceiptPrinter>> printer, ReceiptRenderer renderer,
                       Events events, Duration idle) {
        this(queue, printer, renderer, events, idle, job -> true);
    }

    /**
     * @param ready whether the next job may print now; a job that is not (its fiscal signature is still
     *              coming) holds the queue, in order, until it is and the worker is woken
     */
    public PrintWorker(PrintQueue queue, Supplier<Optional<ReceiptPrinter>> printer, ReceiptRenderer renderer,
                       Events events, Duration idle, java.util.function.Predicate<PrintJob> ready) {
        this.ready = ready;
        this.queue = queue;
        this.printer = printer;
        this.renderer = renderer;
        this.events = events;
        this.idle = idle;
        this.thread = Thread.ofPlatform().name("print-worker").daemon(true).unstarted(this::run);
    }

    public PrintWorker start() {
        thread.start();
        return this;
    }

    /** Wakes the worker: a job was queued or the printer came back. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!printNext()) {
                    pause();
                }
            } catch (RuntimeException e) {
                Logger.error(e, "print worker: unexpected failure; retrying in {} ms", idle.toMillis());
                pause();
            }
        }
    }

    /** @return true if a job was printed and another may be waiting */
    private boolean printNext() {
        Optional<PrintJob> next = queue.next();
        Optional<ReceiptPrinter> device = printer.get();
        if (next.isEmpty() || device.isEmpty() || !device.get().state().ready()) {
            return false;
        }
        PrintJob job = next.get();
        if (!ready.test(job)) {
            return false;
        }
        boolean copy = job.printAsCopy();
        byte[] bytes = renderer.render(job, copy);
        queue.started(job.id());
        try {
            device.get().print(bytes);
        } catch (DeviceException e) {
            queue.failed(job.id(), e.getMessage());
            Logger.warn("{} {} (job {}) not printed: {}", job.document(), job.documentId(), job.id(), e.getMessage());
            Map<String, Object> failed = describe(job);
            failed.put("state", e.state().status().name());
            failed.put("detail", e.getMessage());
            events.publish("receipt.failed", failed);
            return false;
        }
        queue.printed(job.id());
        Map<String, Object> printed = describe(job);
        printed.put("copy", copy);
        events.publish("receipt.printed", printed);
        return true;
    }

    /** The event names the job, its document and, for a receipt, its sale (as screens knew it before reports). */
    private static Map<String, Object> describe(PrintJob job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobId", job.id());
        out.put("document", job.document().name());
        out.put("documentId", job.documentId());
        if (job.saleId() != null) {
            out.put("saleId", job.saleId());
        }
        return out;
    }

    private void pause() {
        synchronized (signal) {
            try {
                signal.wait(idle.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package com.wkpos.edge.agent.print;

import com.wkpos.edge.agent.journal.JournalTransaction;
import java.util.Optional;

/**
 * Where the till queues its documents (Z, X, refund and void slips) for the receipt printer, in the
 * transaction that made them, and wakes the print worker once that transaction committed. With no
 * printer configured nothing is queued: a job that can never print would only pile up.
 */
public final class Printouts {
    private final boolean enabled;
    private volatile Runnable wake = () -> { };

    private Printouts(boolean enabled) {
        this.enabled = enabled;
    }

    public static Printouts to(boolean printerConfigured) {
        return new Printouts(printerConfigured);
    }

    public static Printouts none() {
        return new Printouts(false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The worker to wake after a commit that queued a job. */
    public void wakeWith(Runnable worker) {
        this.wake = worker;
    }

    /** @return the job id, or empty when there is no printer */
    public Optional<String> queue(JournalTransaction tx, PrintJob.Document document, String documentId, String content,
                                  PrintJob.Kind kind, String actor) {
        if (!enabled) {
            return Optional.empty();
        }
        String job = PrintQueue.enqueue(tx, document, documentId, content, kind, actor);
        tx.afterCommit(() -> wake.run());
        return Optional.of(job);
    }
}

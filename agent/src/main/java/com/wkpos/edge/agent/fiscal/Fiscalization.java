package com.wkpos.edge.agent.fiscal;

import com.wkpos.edge.agent.journal.JournalTransaction;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Whether this till signs its transactions. Commands that make a fiscal transaction (a sale, refund, cash
 * movement, drawer opening) attach its {@link FiscalDocument} to their entry through this, which also
 * wakes the {@link FiscalRecorder} once that entry committed; with no security device configured nothing
 * is attached and nothing waits for a signature. Thread-safe.
 */
public final class Fiscalization {
    private final boolean enabled;
    private volatile Runnable wake = () -> { };

    private Fiscalization(boolean enabled) {
        this.enabled = enabled;
    }

    public static Fiscalization of(boolean enabled) {
        return new Fiscalization(enabled);
    }

    public static Fiscalization off() {
        return new Fiscalization(false);
    }

    public boolean enabled() {
        return enabled;
    }

    /** The recorder to wake after a commit that made a fiscal document. */
    public void wakeWith(Runnable recorder) {
        this.wake = recorder;
    }

    /** The document when this till signs (the recorder is woken after {@code tx} commits), else null. */
    public FiscalDocument document(JournalTransaction tx, Supplier<FiscalDocument> document) {
        if (!enabled) {
            return null;
        }
        FiscalDocument d = document.get();
        tx.afterCommit(() -> wake.run());
        return d;
    }

    /** Puts the document under {@code fiscal} in an entry's payload, when this till signs. */
    public void attach(JournalTransaction tx, Map<String, Object> payload, Supplier<FiscalDocument> document) {
        FiscalDocument d = document(tx, document);
        if (d != null) {
            payload.put("fiscal", d);
        }
    }
}

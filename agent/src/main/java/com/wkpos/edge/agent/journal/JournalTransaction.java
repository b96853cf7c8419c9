package com.wkpos.edge.agent.journal;

import java.time.Clock;

/**
 * The view a {@link WriteCommand} has of the open write transaction. Everything a command appends
 * commits together with the state changes its projectors make, or not at all.
 */
public interface JournalTransaction extends ProjectionContext {
    /**
     * Appends an entry and applies its projector in this transaction.
     *
     * @param payload a record, map or {@code JsonNode}; written as canonical JSON
     * @throws IllegalStateException when no projector is registered for {@code type}
     */
    JournalEntry append(String type, Object payload);

    /** Runs after the transaction committed (never if it rolled back); for in-memory caches and events. */
    void afterCommit(Runnable action);

    String deviceId();

    Clock clock();
}

package com.wkpos.edge.agent.journal;

/**
 * A unit of work run on the journal's single writer thread inside a write transaction. It should
 * decide first (read, validate) and append last. If it throws, everything it did is rolled back
 * and the caller's future fails with that exception; other commands of the same batch are unaffected.
 */
@FunctionalInterface
public interface WriteCommand<T> {
    T execute(JournalTransaction tx) throws Exception;
}

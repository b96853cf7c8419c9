package com.wkpos.edge.agent.systemd;

import com.wkpos.edge.agent.journal.Journal;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Proves the journal writer can still write: an empty command goes through the writer's queue and
 * a real {@code BEGIN IMMEDIATE … COMMIT} (the write lock, no pages changed, so no fsync). A writer
 * thread that is dead, stuck in a batch, or locked out of the file by another process fails it. A
 * probe that did not finish is waited on again next time instead of queueing another behind it.
 *
 * <p>Not thread-safe: used by the watchdog's one thread.
 */
final class JournalProbe implements Watchdog.Check {
    private final Journal journal;
    private CompletableFuture<Object> pending;

    JournalProbe(Journal journal) {
        this.journal = journal;
    }

    @Override
    public Optional<String> problem(Duration budget) {
        if (pending == null) {
            pending = journal.submit(tx -> null);
        }
        try {
            pending.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            pending = null;
        } catch (TimeoutException e) {
            return Optional.of("journal writer did not commit an empty transaction within " + budget.toMillis()
                    + " ms (backlog " + journal.backlog() + ")");
        } catch (ExecutionException e) {
            pending = null;
            return Optional.of("journal writer cannot write: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("watchdog interrupted");
        }
        // a batch other than ours may be the one that hangs
        return journal.writerHealthy(budget.multipliedBy(4)) ? Optional.empty()
                : Optional.of("journal writer stuck in a batch for over " + budget.multipliedBy(4).toMillis() + " ms");
    }
}

package com.wkpos.edge.agent.supply;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.WriteCommand;
import java.util.concurrent.CompletionException;

/** A supply step run in one journal transaction; what it refuses reaches the caller as thrown. */
@FunctionalInterface
interface SupplyWrite {
    void apply(JournalTransaction tx) throws Exception;

    static void run(Journal journal, SupplyWrite write) {
        try {
            journal.submit((WriteCommand<Void>) tx -> {
                write.apply(tx);
                return null;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}

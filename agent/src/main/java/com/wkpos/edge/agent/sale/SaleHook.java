package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.journal.JournalTransaction;

/** Work that goes with every new sale (not with a replayed one). */
public interface SaleHook {
    /** Runs in the sale's transaction: what it appends commits with the sale or not at all. */
    default void inTransaction(JournalTransaction tx, SaleView sale) {
    }

    /** Runs after the sale committed, on the journal writer thread: must not block. */
    default void committed(SaleView sale) {
    }
}

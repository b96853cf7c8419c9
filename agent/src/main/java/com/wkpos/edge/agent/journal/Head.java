package com.wkpos.edge.agent.journal;

/** The last committed journal entry: its {@code seq} and {@code hash} (0 and the genesis hash when empty). */
public record Head(long seq, String hash, long hlc) {
    static final Head EMPTY = new Head(0, HashChain.GENESIS, 0);
}

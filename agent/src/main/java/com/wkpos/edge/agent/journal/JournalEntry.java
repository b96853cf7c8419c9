package com.wkpos.edge.agent.journal;

/**
 * One committed journal entry. {@code hash = SHA-256(prevHash ‖ canonical entry)}; see {@link HashChain}.
 *
 * @param seq      gapless per device, starting at 1
 * @param id       a UUIDv7 made on the box
 * @param hlc      hybrid logical clock timestamp (see {@code HybridLogicalClock})
 * @param type     what happened, e.g. {@code sale.completed}
 * @param payload  canonical JSON (keys sorted, no white space)
 */
public record JournalEntry(long seq, String id, String deviceId, long hlc, String type, String payload,
                           String prevHash, String hash) {
    public JournalEntry {
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be >= 1, was " + seq);
        }
        if (type == null || !type.matches("[a-z][a-z0-9_.-]{1,63}")) {
            throw new IllegalArgumentException("bad journal entry type: " + type);
        }
    }
}

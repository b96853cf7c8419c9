package com.wkpos.edge.agent.journal;

import com.wkpos.edge.protocol.EntryHash;

/**
 * The journal's hash chain as the branch applies it. The rule itself ({@code hash = SHA-256(prev_hash ‖
 * canonical entry)}) is {@link EntryHash}, the one definition HQ checks uploaded entries against.
 */
public final class HashChain {
    public static final String GENESIS = EntryHash.GENESIS;

    private HashChain() {
    }

    public static String hash(String prevHash, long seq, String id, String deviceId, long hlc, String type,
                              String payload) {
        return EntryHash.hash(prevHash, seq, id, deviceId, hlc, type, payload);
    }

    /** True when the entry's hash is right for its own fields and its stated predecessor. */
    public static boolean holds(JournalEntry e) {
        return e.hash().equals(hash(e.prevHash(), e.seq(), e.id(), e.deviceId(), e.hlc(), e.type(), e.payload()));
    }

    public static String sha256Hex(byte[] bytes) {
        return EntryHash.sha256Hex(bytes);
    }
}

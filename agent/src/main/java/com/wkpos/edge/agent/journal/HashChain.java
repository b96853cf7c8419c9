package com.wkpos.edge.agent.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The journal's hash chain: {@code hash = SHA-256(prev_hash ‖ canonical entry)}, where the first
 * entry's {@code prev_hash} is 64 zeros and the canonical entry is the UTF-8 of
 * {@code seq \n id \n device_id \n hlc \n type \n payload}. Payloads are canonical JSON, which never
 * holds a raw newline, so the encoding is unambiguous.
 */
public final class HashChain {
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private HashChain() {
    }

    public static String hash(String prevHash, long seq, String id, String deviceId, long hlc, String type,
                              String payload) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(prevHash));
        String canonical = seq + "\n" + id + "\n" + deviceId + "\n" + hlc + "\n" + type + "\n" + payload;
        return HEX.formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    /** True when the entry's hash is right for its own fields and its stated predecessor. */
    public static boolean holds(JournalEntry e) {
        return e.hash().equals(hash(e.prevHash(), e.seq(), e.id(), e.deviceId(), e.hlc(), e.type(), e.payload()));
    }

    public static String sha256Hex(byte[] bytes) {
        return HEX.formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

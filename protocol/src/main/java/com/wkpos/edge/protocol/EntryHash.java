package com.wkpos.edge.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The journal's hash chain rule, shared by the branch that writes it and HQ that checks it:
 * {@code hash = SHA-256(prev_hash ‖ seq \n id \n device_id \n hlc \n type \n payload)}; the first
 * entry's {@code prev_hash} is 64 zeros. Payloads are canonical JSON (never a raw newline).
 */
public final class EntryHash {
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private EntryHash() {
    }

    public static String hash(String prevHash, long seq, String id, String deviceId, long hlc, String type,
                              String payload) {
        MessageDigest sha = sha256();
        sha.update(HEX.parseHex(prevHash));
        String canonical = seq + "\n" + id + "\n" + deviceId + "\n" + hlc + "\n" + type + "\n" + payload;
        return HEX.formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
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

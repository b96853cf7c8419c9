package com.wkpos.edge.hq;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How HQ and the web shop sign what they send each other (ADR 014): {@value #TIMESTAMP} carries the Unix time
 * in seconds, {@value #SIGNATURE} {@code sha256=} and the hex HMAC-SHA256, under the shared API key, of
 * {@code timestamp + "." + body}. The body is signed as its bytes, so nothing may re-encode it in between.
 * Stateless and thread-safe.
 */
public final class ShopSignature {
    public static final String TIMESTAMP = "X-WK-Shop-Timestamp";
    public static final String SIGNATURE = "X-WK-Shop-Signature";
    private static final String PREFIX = "sha256=";

    /** Why a delivery's signature is refused; null in {@link #check} means it holds. */
    public enum Refusal { MISSING, STALE, BAD }

    private ShopSignature() {
    }

    /** The {@value #SIGNATURE} value for {@code body} sent at {@code timestamp}. */
    public static String sign(String key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Checks a delivery: both headers present, the timestamp within {@code window} of {@code now} either way,
     * and the signature equal (compared in constant time) to the one {@code key} makes.
     *
     * @return null when it holds, else the refusal
     */
    public static Refusal check(String key, String timestamp, String signature, byte[] body, Instant now,
                                Duration window) {
        if (timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
            return Refusal.MISSING;
        }
        long ts = Long.parseLong(timestamp);
        if (Math.abs(now.getEpochSecond() - ts) > window.toSeconds()) {
            return Refusal.STALE;
        }
        byte[] expected = sign(key, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII)) ? null : Refusal.BAD;
    }
}

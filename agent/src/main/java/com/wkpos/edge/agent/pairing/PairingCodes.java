package com.wkpos.edge.agent.pairing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pairing codes in force and the brute-force guard: a code is good once, for five minutes; five
 * misses in a row (a wrong, expired or already used code) lock pairing for fifteen minutes, for every
 * code. Only SHA-256 digests of codes are held. Thread-safe (every method is synchronized: pairing is
 * rare and an attacker's guesses should queue, not race).
 */
final class PairingCodes {
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final int MAX_MISSES = 5;
    static final Duration LOCK = Duration.ofMinutes(15);
    static final int MAX_LIVE = 10;
    private static final int MAX_DEAD = 200;

    sealed interface Attempt permits Accepted, Missed, Locked {
    }

    record Accepted(String codeId) implements Attempt {
    }

    /** @param lockedUntil set when this miss locked pairing */
    record Missed(String reason, int misses, Instant lockedUntil) implements Attempt {
    }

    record Locked(Instant until) implements Attempt {
    }

    private record Live(String codeId, Instant expiresAt) {
    }

    private final Map<String, Live> live = new LinkedHashMap<>();
    private final Map<String, String> dead = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_DEAD;
        }
    };
    private int misses;
    private Instant lockedUntil;
    private long refusedWhileLocked;

    /** Adds a code by its digest; the oldest live code makes room when {@link #MAX_LIVE} are out. */
    synchronized void add(String sha256, String codeId, Instant expiresAt) {
        if (live.size() >= MAX_LIVE) {
            String oldest = live.keySet().iterator().next();
            live.remove(oldest);
            dead.put(oldest, "was replaced by newer codes");
        }
        live.put(sha256, new Live(codeId, expiresAt));
    }

    synchronized Attempt redeem(String code, Instant now) {
        if (lockedUntil != null && now.isBefore(lockedUntil)) {
            refusedWhileLocked++;
            return new Locked(lockedUntil);
        }
        lockedUntil = null;
        String digest = sha256(normalise(code));
        Live hit = live.remove(digest);
        if (hit != null && now.isBefore(hit.expiresAt())) {
            dead.put(digest, "was already used");
            misses = 0;
            return new Accepted(hit.codeId());
        }
        String reason;
        if (hit != null) {
            dead.put(digest, "has expired");
            reason = "the pairing code has expired (codes are good for " + LIFETIME.toMinutes() + " minutes)";
        } else if (dead.containsKey(digest)) {
            reason = "the pairing code " + dead.get(digest);
        } else {
            reason = "wrong pairing code";
        }
        misses++;
        if (misses >= MAX_MISSES) {
            misses = 0;
            lockedUntil = now.plus(LOCK);
            return new Missed(reason, MAX_MISSES, lockedUntil);
        }
        return new Missed(reason, misses, null);
    }

    synchronized int live(Instant now) {
        live.values().removeIf(l -> !now.isBefore(l.expiresAt()));
        return live.size();
    }

    synchronized boolean locked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    synchronized long refusedWhileLocked() {
        return refusedWhileLocked;
    }

    /** Screens may show the code grouped ("123 456" or "123-456"); only its digits count. */
    static String normalise(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                    text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}

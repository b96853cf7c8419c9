package com.wkpos.edge.hq;

import com.wkpos.edge.provisioning.HqToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The admin API's bearer token, made at HQ's first start in its state directory (file format and lookup
 * in {@link HqToken}). A presented token is compared by SHA-256 digest in constant time, so neither its
 * content nor its length leaks through timing. {@link #toString()} never shows it. Thread-safe.
 */
public final class AdminToken {
    public static final String FILE = HqToken.FILE_NAME;
    private static final String BEARER = "bearer ";
    private final String token;
    private final byte[] digest;

    private AdminToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    /** @throws IllegalStateException when the token file cannot be made or is unsafe (readable by others) */
    public static AdminToken loadOrCreate(Path stateDir) {
        return new AdminToken(HqToken.loadOrCreate(stateDir, new SecureRandom()));
    }

    /** Whether an {@code Authorization} header value carries this token. */
    boolean admits(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    /** The token itself, for in-process callers (tests, tools started beside HQ). */
    public String value() {
        return token;
    }

    static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[****]";
    }
}

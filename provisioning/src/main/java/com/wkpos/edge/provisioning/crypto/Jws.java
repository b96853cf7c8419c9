package com.wkpos.edge.provisioning.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JWS compact serialization (RFC 7515) with EdDSA over Ed25519 (RFC 8037) — and nothing else. The
 * parser is strict on purpose: a size cap before any decoding; exactly three canonical base64url
 * parts; a header of exactly {@code alg: EdDSA}, the expected {@code typ} and a {@code kid} (no
 * {@code none}, no HMAC/RSA, no {@code jwk}/{@code jku}/{@code crit}: the verifier never lets the
 * token choose its algorithm or key); the key looked up by {@code kid} among pinned keys only; the
 * signature checked before the payload is parsed; a payload that is one JSON object without
 * duplicate keys. Thread-safe.
 */
public final class Jws {
    /** Tokens longer than this are refused before decoding (a license is well under 2 KiB). */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    public static final String ALG = "EdDSA";

    /** A verified token: the key that signed it and its payload. */
    public record Verified(String kid, ObjectNode payload) {
    }

    private Jws() {
    }

    /** Signs {@code payload} (serialized in its own order) as a compact JWS of type {@code typ}. */
    public static String sign(Object payload, String typ, Ed25519Key key) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("alg", ALG);
        header.put("typ", typ);
        header.put("kid", key.kid());
        String input = Base64Url.encode(StrictJson.bytes(header)) + "." + Base64Url.encode(StrictJson.bytes(payload));
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Verifies against the pinned {@code keys}; claim checks (time, audience) are the caller's. */
    public static Verified verify(String token, String typ, KeySet keys) throws JwsException {
        return verify(token, typ, kid -> keys.find(kid).orElse(null));
    }

    /** Verifies with the key {@code keyFor} returns for the header's kid (null: unknown key). */
    public static Verified verify(String token, String typ, java.util.function.Function<String, Ed25519Key> keyFor)
            throws JwsException {
        return verify(token, typ, keyFor, MAX_TOKEN_CHARS);
    }

    /** As {@link #verify(String, String, java.util.function.Function)} with a cap of {@code maxChars} (larger documents). */
    public static Verified verify(String token, String typ, java.util.function.Function<String, Ed25519Key> keyFor,
                                  int maxChars) throws JwsException {
        if (token == null || token.length() > maxChars) {
            throw new JwsException(JwsException.Reason.OVERSIZED, "token is "
                    + (token == null ? "missing" : token.length() + " characters, more than " + maxChars));
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new JwsException(JwsException.Reason.MALFORMED, "a compact JWS has three non-empty parts");
        }
        ObjectNode header = parsePart(parts[0], "header", JwsException.Reason.MALFORMED);
        String kid = checkHeader(header, typ);
        Ed25519Key key = keyFor.apply(kid);
        if (key == null) {
            throw new JwsException(JwsException.Reason.UNKNOWN_KEY, "key id " + kid + " is not pinned");
        }
        byte[] signature;
        try {
            signature = Base64Url.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new JwsException(JwsException.Reason.MALFORMED, "signature: " + e.getMessage());
        }
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!key.verify(input, signature)) {
            throw new JwsException(JwsException.Reason.BAD_SIGNATURE, "signature does not verify with key " + kid);
        }
        return new Verified(kid, parsePart(parts[1], "payload", JwsException.Reason.BAD_CLAIMS));
    }

    /** The header's kid, without verifying anything (for messages about tokens that fail). */
    public static String peekKid(String token) {
        try {
            String[] parts = token.split("\\.", -1);
            JsonNode kid = parsePart(parts[0], "header", JwsException.Reason.MALFORMED).get("kid");
            return kid == null ? null : kid.asText();
        } catch (JwsException | RuntimeException e) {
            return null;
        }
    }

    private static String checkHeader(ObjectNode header, String typ) throws JwsException {
        if (!ALG.equals(textOf(header, "alg"))) {
            throw new JwsException(JwsException.Reason.BAD_HEADER, "alg must be " + ALG + ", was " + header.get("alg"));
        }
        if (!typ.equals(textOf(header, "typ"))) {
            throw new JwsException(JwsException.Reason.BAD_HEADER, "typ must be " + typ + ", was " + header.get("typ"));
        }
        String kid = textOf(header, "kid");
        if (kid == null || kid.isEmpty()) {
            throw new JwsException(JwsException.Reason.BAD_HEADER, "header has no kid");
        }
        for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!name.equals("alg") && !name.equals("typ") && !name.equals("kid")) {
                throw new JwsException(JwsException.Reason.BAD_HEADER, "header member '" + name + "' is not allowed");
            }
        }
        return kid;
    }

    private static ObjectNode parsePart(String part, String what, JwsException.Reason reason) throws JwsException {
        try {
            return StrictJson.object(Base64Url.decode(part));
        } catch (IllegalArgumentException e) {
            throw new JwsException(reason, what + ": " + e.getMessage());
        }
    }

    private static String textOf(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}

package com.wkpos.edge.provisioning.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key (public, optionally with its private half) named by its key id: the RFC 7638 JWK
 * thumbprint of the public key, so the id is derived from the key and cannot be chosen to collide.
 * Keys travel as JWKs ({@code kty OKP, crv Ed25519, x[, d]}, RFC 8037). Immutable and thread-safe.
 */
public final class Ed25519Key {
    private static final Set<String> PUBLIC_MEMBERS = Set.of("kty", "crv", "x", "kid", "use", "alg");
    private final Ed25519PublicKeyParameters publicKey;
    private final Ed25519PrivateKeyParameters privateKey;
    private final String kid;

    private Ed25519Key(Ed25519PublicKeyParameters publicKey, Ed25519PrivateKeyParameters privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.kid = thumbprint(publicKey.getEncoded());
    }

    public static Ed25519Key generate(SecureRandom random) {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(random);
        return new Ed25519Key(priv.generatePublicKey(), priv);
    }

    public static Ed25519Key ofPublic(byte[] x) {
        if (x.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, was " + x.length);
        }
        return new Ed25519Key(new Ed25519PublicKeyParameters(x, 0), null);
    }

    /**
     * Reads a JWK strictly: an OKP/Ed25519 key; a {@code kid}, if given, must equal the thumbprint;
     * with {@code d}, the private key must match {@code x}.
     *
     * @throws IllegalArgumentException naming the bad member
     */
    public static Ed25519Key fromJwk(JsonNode jwk) {
        if (!jwk.isObject()) {
            throw new IllegalArgumentException("a JWK is a JSON object");
        }
        jwk.fieldNames().forEachRemaining(name -> {
            if (!PUBLIC_MEMBERS.contains(name) && !name.equals("d")) {
                throw new IllegalArgumentException("unexpected JWK member '" + name + "'");
            }
        });
        if (!"OKP".equals(text(jwk, "kty")) || !"Ed25519".equals(text(jwk, "crv"))) {
            throw new IllegalArgumentException("only OKP/Ed25519 keys are accepted, was kty=" + text(jwk, "kty")
                    + " crv=" + text(jwk, "crv"));
        }
        Ed25519Key key = ofPublic(Base64Url.decode(required(jwk, "x")));
        if (jwk.has("d")) {
            byte[] d = Base64Url.decode(required(jwk, "d"));
            if (d.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
                throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, was " + d.length);
            }
            Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(d, 0);
            if (!Arrays.equals(priv.generatePublicKey().getEncoded(), key.publicKey.getEncoded())) {
                throw new IllegalArgumentException("JWK 'd' does not belong to its 'x'");
            }
            key = new Ed25519Key(key.publicKey, priv);
        }
        if (jwk.has("kid") && !key.kid.equals(text(jwk, "kid"))) {
            throw new IllegalArgumentException("JWK kid " + text(jwk, "kid") + " is not the key's thumbprint " + key.kid);
        }
        return key;
    }

    /** The RFC 7638 thumbprint of an Ed25519 public key: SHA-256 over its required members in lexical order. */
    public static String thumbprint(byte[] x) {
        String canonical = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + Base64Url.encode(x) + "\"}";
        try {
            return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    public String kid() {
        return kid;
    }

    public byte[] publicBytes() {
        return publicKey.getEncoded();
    }

    public boolean canSign() {
        return privateKey != null;
    }

    /** This key without its private half. */
    public Ed25519Key publicOnly() {
        return privateKey == null ? this : new Ed25519Key(publicKey, null);
    }

    public byte[] sign(byte[] message) {
        if (privateKey == null) {
            throw new IllegalStateException("key " + kid + " is public only; it cannot sign");
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** The JWK of this key; {@code withPrivate} adds {@code d} (for key files only, never for pinning). */
    public Map<String, String> toJwk(boolean withPrivate) {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("x", Base64Url.encode(publicKey.getEncoded()));
        jwk.put("kid", kid);
        if (withPrivate) {
            if (privateKey == null) {
                throw new IllegalStateException("key " + kid + " has no private half");
            }
            jwk.put("d", Base64Url.encode(privateKey.getEncoded()));
        }
        return jwk;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ed25519Key k && k.kid.equals(kid);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519Key[" + kid + (privateKey == null ? "" : ", private") + "]";
    }

    private static String required(JsonNode jwk, String name) {
        String v = text(jwk, name);
        if (v == null) {
            throw new IllegalArgumentException("JWK member '" + name + "' is missing or not a string");
        }
        return v;
    }

    private static String text(JsonNode jwk, String name) {
        JsonNode v = jwk.get(name);
        return v != null && v.isTextual() ? v.asText() : null;
    }
}

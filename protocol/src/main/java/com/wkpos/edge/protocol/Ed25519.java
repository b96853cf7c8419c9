package com.wkpos.edge.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 signatures through the JDK, and PEM files for the keys (PKCS#8 private, X.509 public).
 * A key id is the first 16 hex digits of SHA-256 over the public key's encoding.
 */
public final class Ed25519 {
    private static final String ALG = "Ed25519";

    private Ed25519() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALG).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has Ed25519 since Java 15", e);
        }
    }

    public static String keyId(PublicKey key) {
        return EntryHash.sha256Hex(key.getEncoded()).substring(0, 16);
    }

    /** Loads the key pair from {@code dir}, creating it there on first use (private key readable by owner only). */
    public static KeyPair loadOrCreate(Path privateFile, Path publicFile) throws IOException {
        if (Files.exists(privateFile)) {
            return new KeyPair(readPublic(publicFile), readPrivate(privateFile));
        }
        KeyPair pair = generate();
        Files.createDirectories(privateFile.toAbsolutePath().getParent());
        Path tmp = privateFile.resolveSibling(privateFile.getFileName() + ".tmp");
        Files.writeString(tmp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the state directory's own permissions protect the key
        }
        Files.writeString(publicFile, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.move(tmp, privateFile, StandardCopyOption.ATOMIC_MOVE);
        return pair;
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return publicKey(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** @throws IllegalArgumentException when {@code pem} is not an Ed25519 public key */
    public static PublicKey publicKey(String pem, String source) {
        try {
            return KeyFactory.getInstance(ALG).generatePublic(new X509EncodedKeySpec(unpem(pem, "PUBLIC KEY", source)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + " is not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance(ALG).generatePrivate(new PKCS8EncodedKeySpec(
                    unpem(Files.readString(file, StandardCharsets.UTF_8), "PRIVATE KEY", file.toString())));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(String pem, String label, String source) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new IllegalArgumentException(source + " is not a PEM " + label);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(source + ": bad base64 in PEM " + label, ex);
        }
    }

    /** Signs with HQ's private key. Thread-safe. */
    public static final class Signer {
        private final PrivateKey key;
        private final String keyId;

        public Signer(KeyPair pair) {
            this.key = pair.getPrivate();
            this.keyId = Ed25519.keyId(pair.getPublic());
        }

        public String keyId() {
            return keyId;
        }

        public String sign(byte[] data) {
            try {
                Signature s = Signature.getInstance(ALG);
                s.initSign(key);
                s.update(data);
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 signing failed", e);
            }
        }
    }

    /** Verifies against a pinned public key. Thread-safe. */
    public static final class Verifier {
        private final PublicKey key;
        private final String keyId;

        public Verifier(PublicKey key) {
            this.key = key;
            this.keyId = Ed25519.keyId(key);
        }

        public String keyId() {
            return keyId;
        }

        /** False for a wrong, malformed or missing signature; never throws for bad input. */
        public boolean verify(byte[] data, String signatureBase64) {
            try {
                Signature s = Signature.getInstance(ALG);
                s.initVerify(key);
                s.update(data);
                return s.verify(Base64.getDecoder().decode(signatureBase64));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}

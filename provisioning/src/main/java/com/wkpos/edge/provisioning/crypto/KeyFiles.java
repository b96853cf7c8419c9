package com.wkpos.edge.provisioning.crypto;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Private keys on disk: one JWK per file, readable by its owner only, written atomically (temporary
 * file, then rename) and never overwritten, so a signing key cannot be lost to a typo.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** @throws IllegalArgumentException when the file is missing, unreadable or not a private Ed25519 JWK */
    public static Ed25519Key readPrivate(Path file) {
        try {
            if (Files.size(file) > KeySet.MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + " is too large for a key file");
            }
            Ed25519Key key = Ed25519Key.fromJwk(StrictJson.object(Files.readAllBytes(file)));
            if (!key.canSign()) {
                throw new IllegalArgumentException(file + " holds a public key only; a private key (JWK with 'd') is needed");
            }
            return key;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new private key file (mode 0600). @throws IllegalStateException if it exists or cannot be written */
    public static void writePrivate(Path file, Ed25519Key key) {
        if (Files.exists(file)) {
            throw new IllegalStateException(file + " exists; refusing to overwrite a key");
        }
        writeAtomically(file, StrictJson.bytes(key.toJwk(true)), true);
    }

    /** Replaces {@code file} atomically with {@code bytes}; {@code secret} makes it owner-only. */
    public static void writeAtomically(Path file, byte[] bytes, boolean secret) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                if (secret && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                }
                Files.write(tmp, bytes);
                try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(file + " exists", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

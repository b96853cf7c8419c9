package com.wkpos.edge.agent.provisioning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The box's provisioned configuration under {@code STATE_DIR/provisioning} (never {@code /etc}: the
 * service cannot write it). Each bundle is staged in its own folder {@code staged-<bundle id>}; every
 * file and the folder are fsynced; then the one-line pointer {@code current} is replaced by an atomic
 * rename (and the parent fsynced). A power cut before that rename leaves the previous pointer, so the
 * old configuration is what starts; after it, the new one. Leftover staged folders are the only trace.
 */
public final class InstalledConfig {
    static final String POINTER = "current";
    static final String SETTINGS = "settings.json";
    public static final String DEVICE_KEY = "device.key.pem";
    public static final String DEVICE_CERT = "device.pem";
    public static final String CA = "ca.pem";
    public static final String HQ_KEY = "hq-signing.pub";
    public static final String LICENSE_KEYS = "license-keys.jwks";
    public static final String LICENSE = "license.jws";

    /** What is installed: the settings document of the bundle and the folder holding its files. */
    public record Installed(Path dir, ObjectNode settings) {
        public long seq() {
            return settings.path("seq").asLong();
        }

        public String tenant() {
            return settings.path("tenant").asText();
        }

        public String branch() {
            return settings.path("branch").asText();
        }

        public String deviceName() {
            return settings.path("device").asText();
        }

        public String brokerUrl() {
            return settings.path("broker").asText();
        }

        public Path file(String name) {
            return dir.resolve(name);
        }
    }

    private final Path root;

    public InstalledConfig(Path stateDir) {
        this.root = stateDir.resolve("provisioning");
    }

    public Optional<Installed> current() {
        Path pointer = root.resolve(POINTER);
        try {
            if (!Files.exists(pointer)) {
                return Optional.empty();
            }
            String name = Files.readString(pointer, StandardCharsets.US_ASCII).strip();
            Path dir = root.resolve(name).normalize();
            if (!dir.getParent().equals(root) || !name.startsWith("staged-")) {
                throw new IllegalStateException(pointer + " points outside " + root + ": " + name);
            }
            return Optional.of(new Installed(dir, StrictJson.object(Files.readAllBytes(dir.resolve(SETTINGS)))));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the installed configuration " + pointer + ": " + e.getMessage(), e);
        }
    }

    /** The staging folder of a bundle (made if missing). */
    Path staging(String bundleId) throws IOException {
        Path dir = root.resolve("staged-" + bundleId);
        Files.createDirectories(dir);
        return dir;
    }

    static void writeDurably(Path file, String text, boolean secret) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                secret ? "rw-------" : "rw-r-----")));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir(file.getParent());
    }

    /** Makes {@code staged} the current configuration in one atomic rename; removes older staged folders after. */
    void swapTo(Path staged) throws IOException {
        fsyncDir(staged);
        writeDurably(root.resolve(POINTER), staged.getFileName().toString() + "\n", false);
        removeAllBut(staged);
    }

    /** Removes staged folders the pointer does not name (left by a power cut or a refused bundle). */
    void removeAllBut(Path keep) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("staged-") && !p.equals(keep)).toList()) {
                deleteTree(p);
            }
        }
    }

    /** Back to factory state: the pointer first (atomically), then every staged folder. */
    void clear() throws IOException {
        Files.deleteIfExists(root.resolve(POINTER));
        if (Files.isDirectory(root)) {
            fsyncDir(root);
            removeAllBut(root.resolve("none"));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    static void fsyncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}

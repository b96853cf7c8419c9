package com.wkpos.edge.agent.pairing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tinylog.Logger;

/**
 * How a shell on the box hands the running agent a pairing code without touching its journal (which
 * has one writer, the agent's): {@code wk-edge agent pairing-code} writes a small file, mode 0600, into
 * {@code STATE_DIR/pairing/inbox/} (atomically, by rename), holding only the code's SHA-256, its id and
 * its expiry; the agent takes each file, journals the issue and deletes it. A code issued while the
 * agent is down is taken at its next start if still good.
 */
public final class CodeDrop {
    static final String INBOX = "pairing/inbox";
    private static final int MAX_FILE_BYTES = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A fresh code: {@code code} is shown to a person and never stored. */
    public record Issued(String codeId, String code, Instant expiresAt, String issuer) {
        String sha256() {
            return PairingCodes.sha256(code);
        }
    }

    /** A code as the agent takes it from the inbox: no clear text. */
    record Dropped(String codeId, String sha256, Instant expiresAt, String issuer) {
    }

    private CodeDrop() {
    }

    static Issued generate(Clock clock, String issuer) {
        String code = "%06d".formatted(RANDOM.nextInt(1_000_000));
        return new Issued(UUID.randomUUID().toString(), code, clock.instant().plus(PairingCodes.LIFETIME), issuer);
    }

    /** Issues a code for the agent that owns {@code stateDir}, running or not; prints nothing. */
    public static Issued issue(Path stateDir, Clock clock) throws IOException {
        Issued issued = generate(clock, "cli:" + System.getProperty("user.name", "unknown"));
        Path inbox = stateDir.resolve(INBOX);
        Files.createDirectories(inbox);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("codeId", issued.codeId());
        body.put("sha256", issued.sha256());
        body.put("expiresAt", issued.expiresAt().toString());
        body.put("issuer", issued.issuer());
        Path tmp = inbox.resolve("." + issued.codeId() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(body)));
            ch.force(true);
        }
        handToOwnerOf(stateDir, inbox, tmp);
        Files.move(tmp, inbox.resolve(issued.codeId() + ".json"), StandardCopyOption.ATOMIC_MOVE);
        return issued;
    }

    /** Run as root on a box whose agent runs as its own user, the files must still be the agent's to read and delete. */
    private static void handToOwnerOf(Path stateDir, Path inbox, Path file) throws IOException {
        UserPrincipal owner = Files.getOwner(stateDir);
        if (!Files.getOwner(file).equals(owner)) {
            Files.setOwner(inbox.getParent(), owner);
            Files.setOwner(inbox, owner);
            Files.setOwner(file, owner);
        }
    }

    /** Takes (reads and deletes) every dropped code; a malformed, oversized or linked file is deleted with a warning. */
    static List<Dropped> take(Path stateDir) {
        Path inbox = stateDir.resolve(INBOX);
        List<Dropped> out = new ArrayList<>();
        if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(inbox, "*.json")) {
            for (Path f : files) {
                try {
                    read(f).ifPresent(out::add);
                } finally {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            Logger.warn("cannot read pairing codes from {}: {}", inbox, e.getMessage());
        }
        return out;
    }

    private static java.util.Optional<Dropped> read(Path f) throws IOException {
        if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_FILE_BYTES) {
            Logger.warn("ignoring pairing code file {}: not a small regular file", f);
            return java.util.Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
            String sha = n.required("sha256").asText();
            if (!sha.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 is not a hex digest");
            }
            return java.util.Optional.of(new Dropped(UUID.fromString(n.required("codeId").asText()).toString(), sha,
                    Instant.parse(n.required("expiresAt").asText()), n.required("issuer").asText()));
        } catch (RuntimeException | IOException e) {
            Logger.warn("ignoring malformed pairing code file {}: {}", f, e.getMessage());
            return java.util.Optional.empty();
        }
    }
}

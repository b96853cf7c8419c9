package com.wkpos.edge.agent.boot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code STATE_DIR/run.json}: the address the agent last started on this state directory serves (scheme and the
 * port it really got), its pid, when it started, and the file its output goes to when that is a plain file (as
 * in the demo, whose launcher sends it to {@code .demo/BRANCH.log}). Tools on the same box read it to find a
 * running agent the configuration does not describe: a demo on plain HTTP, a port picked because the configured
 * one was taken. Written at every start, aside and then renamed, so a reader sees one start's file whole. A
 * crashed agent leaves its file behind: {@link #alive()} tells.
 */
public record RunFile(URI url, long pid, Instant startedAt, Optional<Path> log) {
    public static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public RunFile {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(log, "log");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getPort() < 1) {
            throw new IllegalArgumentException("url must be http(s)://HOST:PORT/, was " + url);
        }
        if (pid < 1) {
            throw new IllegalArgumentException("pid must be positive, was " + pid);
        }
    }

    /**
     * Records this process as the agent serving {@code url} on {@code stateDir}.
     *
     * @throws IllegalStateException when the file cannot be written
     */
    public static RunFile write(Path stateDir, String url, Clock clock) {
        RunFile run = new RunFile(URI.create(url), ProcessHandle.current().pid(), clock.instant(),
                plainFileBehind(Path.of("/proc/self/fd/1")));
        run.writeTo(stateDir);
        return run;
    }

    /** @throws IllegalStateException when the file cannot be written (nothing half-written is left) */
    public void writeTo(Path stateDir) {
        ObjectNode o = JSON.createObjectNode();
        o.put("url", url.toString());
        o.put("pid", pid);
        o.put("startedAt", startedAt.toString());
        log.ifPresentOrElse(l -> o.put("log", l.toString()), () -> o.putNull("log"));
        Path file = stateDir.resolve(FILE);
        Path tmp = stateDir.resolve(FILE + ".tmp");
        try {
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n",
                    StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that is what the caller hears about
            }
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The run file in {@code stateDir}, or empty when no agent ever started there.
     *
     * @throws IllegalArgumentException when the file is there but is not a run file, naming what is wrong
     */
    public static Optional<RunFile> read(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        JsonNode o;
        try {
            o = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not readable JSON: " + e.getMessage().split("\n")[0], e);
        }
        try {
            if (o == null || !o.path("url").isTextual() || !o.path("pid").canConvertToExactIntegral()
                    || !o.path("startedAt").isTextual()) {
                throw new IllegalArgumentException("needs url, pid and startedAt");
            }
            return Optional.of(new RunFile(URI.create(o.get("url").asText()), o.get("pid").asLong(),
                    Instant.parse(o.get("startedAt").asText()),
                    o.path("log").isTextual() ? Optional.of(Path.of(o.get("log").asText())) : Optional.empty()));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(file + " is not a run file: " + e.getMessage(), e);
        }
    }

    /** Whether the process that wrote the file still runs (a pid reused since is taken for it). */
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The regular file {@code fd} (a {@code /proc/self/fd} link) leads to, or empty for a pipe, socket or tty. */
    static Optional<Path> plainFileBehind(Path fd) {
        try {
            Path target = fd.toRealPath();
            return Files.isRegularFile(target) ? Optional.of(target) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}

package com.wkpos.edge.agent.support;

import com.wkpos.edge.agent.boot.RunFile;
import com.wkpos.edge.agent.tls.BoxCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code wk-edge support-bundle}: one zip with what support asks for first: status (the running agent's
 * health, else what the journal file says), versions, device states, sync state, recent logs and the
 * configuration, with every secret redacted or left out (see {@link Redaction}). It only reads; the
 * archive appears whole or not at all (written aside, then moved). The agent is reached at {@code --agent URL},
 * else where the state directory's {@link RunFile} says a running agent serves (a demo on plain HTTP, a port
 * picked at start), else at the configuration's {@code listen}; the run file also names the agent's log file,
 * taken in when journald has no log of the service.
 */
public final class SupportBundle {
    static final String SERVICE = "wk-edge-agent.service";
    private static final long MAX_LOG_BYTES = 2L << 20;

    private static final String USAGE = "usage: wk-edge support-bundle [--state-dir DIR] [--out FILE] [--config FILE]"
            + " [--agent URL] [--log FILE]";

    /**
     * @param config the agent's configuration file, if any; its folder's other files are collected too
     * @param agent      the running agent's base URL as given
     * @param configured where the configuration says the agent serves, tried when neither {@code agent} nor a
     *                   live run file says where
     * @param log        the agent's log file as given, always collected
     */
    record Options(Path stateDir, Path out, Optional<Path> config, Optional<URI> agent, URI configured,
                   Optional<Path> log) {
    }

    /** Where to ask the agent for its health, and its log file. */
    private record Located(URI agent, Optional<Path> log) {
    }

    private SupportBundle() {
    }

    /** The command line: {@code [--state-dir DIR] [--out FILE] [--config FILE] [--agent URL]}. Exit 0 or 2. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock, String agentVersion) {
        Options options;
        try {
            options = parse(args, clock);
        } catch (IllegalArgumentException e) {
            err.println("wk-edge support-bundle: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        try {
            List<String> notes = write(options, clock, agentVersion);
            out.println("support bundle written to " + options.out().toAbsolutePath());
            notes.forEach(n -> out.println("  " + n));
            return 0;
        } catch (IOException e) {
            err.println("wk-edge support-bundle: cannot write " + options.out() + ": " + e.getMessage());
            return 2;
        }
    }

    static Options parse(List<String> args, Clock clock) {
        Path state = Path.of("/var/lib/wk-edge");
        Path out = null;
        Path config = Files.isRegularFile(Path.of("/etc/wk-edge/agent.properties"))
                ? Path.of("/etc/wk-edge/agent.properties") : null;
        URI agent = null;
        Path log = null;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            if (!it.hasNext()) {
                throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unexpected " + arg);
            }
            switch (arg) {
                case "--state-dir" -> state = Path.of(it.next());
                case "--out" -> out = Path.of(it.next());
                case "--config" -> config = Path.of(it.next());
                case "--agent" -> agent = agentUrl(it.next());
                case "--log" -> log = Path.of(it.next());
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (config != null && !Files.isRegularFile(config)) {
            throw new IllegalArgumentException("no configuration file " + config);
        }
        if (out == null) {
            out = Path.of("wk-edge-support-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .format(clock.instant().atZone(java.time.ZoneOffset.UTC)) + ".zip");
        }
        if (log != null && !Files.isRegularFile(log)) {
            throw new IllegalArgumentException("no log file " + log);
        }
        return new Options(state, out, Optional.ofNullable(config), Optional.ofNullable(agent),
                URI.create(listen(config) + "/"), Optional.ofNullable(log));
    }

    private static URI agentUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--agent must be a URL such as http://127.0.0.1:8080/, was " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--agent must be a URL such as http://127.0.0.1:8080/, was " + url);
        }
        return uri;
    }

    /** {@code --agent}, else the run file of an agent that still runs, else the configuration's address. */
    private static Located locate(Options options, List<String> notes) {
        Optional<RunFile> run = runFile(options.stateDir(), notes);
        Optional<Path> log = options.log().or(() -> run.flatMap(RunFile::log));
        if (options.agent().isPresent()) {
            return new Located(options.agent().get(), log);
        }
        if (run.isPresent() && run.get().alive()) {
            notes.add("agent address from " + options.stateDir().resolve(RunFile.FILE) + " (pid " + run.get().pid()
                    + ", started " + run.get().startedAt() + ")");
            return new Located(run.get().url(), log);
        }
        run.ifPresent(r -> notes.add(options.stateDir().resolve(RunFile.FILE) + " names pid " + r.pid()
                + ", which no longer runs; agent address from the configuration"));
        return new Located(options.configured(), log);
    }

    private static Optional<RunFile> runFile(Path stateDir, List<String> notes) {
        try {
            return RunFile.read(stateDir);
        } catch (IllegalArgumentException e) {
            notes.add("ignored " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The loopback URL of the agent the configuration describes (HTTPS unless {@code tls=false}). */
    private static String listen(Path config) {
        String listen = "0.0.0.0:8080";
        String scheme = "https://";
        if (config != null) {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                p.load(r);
                listen = p.getProperty("listen", listen).strip();
                scheme = p.getProperty("tls", "true").strip().equals("false") ? "http://" : scheme;
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + config + ": " + e.getMessage(), e);
            }
        }
        return scheme + (listen.startsWith("0.0.0.0:") ? "127.0.0.1" + listen.substring(7) : listen);
    }

    static List<String> write(Options options, Clock clock, String agentVersion) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Located located = locate(options, notes);
        Optional<String> health = fetch(located.agent().resolve("api/v1/health"), options.stateDir());
        if (health.isPresent()) {
            entries.put("status/health.json", Redaction.json(health.get()));
            notes.add("status from the running agent at " + located.agent());
        } else {
            notes.add("agent not reachable at " + located.agent() + "; status read from the journal file");
        }
        OfflineState.read(options.stateDir()).forEach((name, json) -> {
            if (health.isEmpty() || !name.startsWith("status/")) {
                entries.put(name, json);
            }
        });
        entries.put("versions.txt", versions(agentVersion));
        entries.put("devices/dev-wk-edge.txt", run("ls", "-l", "/dev/wk-edge/").orElse("no /dev/wk-edge\n"));
        logs(options.stateDir(), located.log(), options.log().isPresent(), entries, notes);
        config(options.config(), entries, notes);
        entries.put("README.txt", "WK Edge support bundle, " + clock.instant() + "\n" + String.join("\n", notes)
                + "\nSecrets (keys, tokens, passwords, PIN hashes) are redacted or left out.\n");
        Path tmp = options.out().resolveSibling(options.out().getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, options.out(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return notes;
    }

    /** Over HTTPS the agent must present the box's own certificate from the state directory (pinned). */
    private static Optional<String> fetch(URI uri, Path stateDir) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if ("https".equals(uri.getScheme())) {
            try {
                builder.sslContext(BoxCertificate.trusting(BoxCertificate.readCertificate(stateDir)));
            } catch (IOException | java.security.GeneralSecurityException e) {
                return Optional.empty();
            }
        }
        try (HttpClient client = builder.build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String versions(String agentVersion) {
        StringBuilder s = new StringBuilder();
        s.append("agent: ").append(agentVersion).append('\n');
        s.append("package: ").append(run("dpkg-query", "-W", "-f=${Version}", "wk-edge").orElse("not installed as a package"))
                .append('\n');
        s.append("jvm: ").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.home"))
                .append(")\n");
        s.append("os: ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(' ').append(System.getProperty("os.arch")).append('\n');
        try {
            s.append("\n/etc/os-release:\n").append(Files.readString(Path.of("/etc/os-release")));
        } catch (IOException e) {
            s.append("/etc/os-release: ").append(e.getMessage()).append('\n');
        }
        return s.toString();
    }

    /**
     * The service's journald log when there is one; the agent's log file when journald has none or the operator
     * named it ({@code given}); and log files the operator put under the state dir. Each at most its last 2 MiB.
     */
    private static void logs(Path stateDir, Optional<Path> agentLog, boolean given, Map<String, String> entries,
                             List<String> notes) throws IOException {
        Optional<String> journal = run("journalctl", "-u", SERVICE, "-n", "5000", "--no-pager", "-o", "short-iso");
        // journalctl says so on a line of its own, after any warning such as "No journal files were found."
        boolean journald = journal.isPresent() && journal.get().lines().noneMatch("-- No entries --"::equals);
        if (journald) {
            entries.put("logs/journalctl.txt", Redaction.text(tail(journal.get())));
            notes.add("logs from journalctl -u " + SERVICE);
        }
        if (agentLog.isPresent() && (given || !journald)) {
            Path f = agentLog.get();
            if (Files.isRegularFile(f)) {
                entries.put("logs/" + f.getFileName(), Redaction.text(tail(f)));
                notes.add("log of the agent from " + f + " (its last 2 MiB)");
            } else {
                notes.add("the agent's log " + f + " is gone");
            }
        }
        Path dir = stateDir.resolve("logs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    entries.putIfAbsent("logs/" + f.getFileName(), Redaction.text(tail(f)));
                }
            }
        }
    }

    private static void config(Optional<Path> config, Map<String, String> entries, List<String> notes) throws IOException {
        if (config.isEmpty()) {
            return;
        }
        Path dir = config.get().toAbsolutePath().getParent();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (Redaction.secretFile(name)) {
                    notes.add("left out " + f + " (key material)");
                } else if (Files.size(f) > MAX_LOG_BYTES) {
                    notes.add("left out " + f + " (" + Files.size(f) + " bytes)");
                } else {
                    String text = Files.readString(f, StandardCharsets.UTF_8);
                    entries.put("config/" + name, name.endsWith(".json") ? Redaction.json(text) : Redaction.text(text));
                }
            }
        }
    }

    private static String tail(String text) {
        return text.length() <= MAX_LOG_BYTES ? text : text.substring(text.length() - (int) MAX_LOG_BYTES);
    }

    /** A file's last 2 MiB from the first whole line in them, read without the rest (logs only grow). */
    private static String tail(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = Math.max(0, size - MAX_LOG_BYTES);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
            int read;
            do {
                read = ch.read(buf, from + buf.position());
            } while (read > 0 && buf.hasRemaining());
            int start = 0;
            if (from > 0) {
                while (start < buf.position() && buf.get(start) != '\n') {
                    start++;
                }
                start = Math.min(start + 1, buf.position());
            }
            return new String(buf.array(), start, buf.position() - start, StandardCharsets.UTF_8);
        }
    }

    /** A tool's standard output, or empty when it is missing or fails. */
    private static Optional<String> run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}

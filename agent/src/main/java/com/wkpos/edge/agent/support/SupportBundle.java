package com.wkpos.edge.agent.support;

import com.wkpos.edge.agent.tls.BoxCertificate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * archive appears whole or not at all (written aside, then moved).
 */
public final class SupportBundle {
    static final String SERVICE = "wk-edge-agent.service";
    private static final long MAX_LOG_BYTES = 2L << 20;

    /** @param config the agent's configuration file, if any; its folder's other files are collected too */
    record Options(Path stateDir, Path out, Optional<Path> config, URI agent) {
    }

    private SupportBundle() {
    }

    /** The command line: {@code [--state-dir DIR] [--out FILE] [--config FILE] [--agent URL]}. Exit 0 or 2. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock, String agentVersion) {
        Options options;
        try {
            options = parse(args, clock);
        } catch (IllegalArgumentException e) {
            err.println("wk-edge support-bundle: " + e.getMessage()
                    + "\nusage: wk-edge support-bundle [--state-dir DIR] [--out FILE] [--config FILE] [--agent URL]");
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
                case "--agent" -> agent = URI.create(it.next());
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
        if (agent == null) {
            agent = URI.create(listen(config) + "/");
        }
        return new Options(state, out, Optional.ofNullable(config), agent);
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
        Optional<String> health = fetch(options.agent().resolve("api/v1/health"), options.stateDir());
        if (health.isPresent()) {
            entries.put("status/health.json", Redaction.json(health.get()));
            notes.add("status from the running agent at " + options.agent());
        } else {
            notes.add("agent not reachable at " + options.agent() + "; status read from the journal file");
        }
        OfflineState.read(options.stateDir()).forEach((name, json) -> {
            if (health.isEmpty() || !name.startsWith("status/")) {
                entries.put(name, json);
            }
        });
        entries.put("versions.txt", versions(agentVersion));
        entries.put("devices/dev-wk-edge.txt", run("ls", "-l", "/dev/wk-edge/").orElse("no /dev/wk-edge\n"));
        logs(options.stateDir(), entries, notes);
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

    /** The service's journald log when there is one, else log files the operator put under the state dir. */
    private static void logs(Path stateDir, Map<String, String> entries, List<String> notes) throws IOException {
        Optional<String> journal = run("journalctl", "-u", SERVICE, "-n", "5000", "--no-pager", "-o", "short-iso");
        if (journal.isPresent() && !journal.get().startsWith("-- No entries --")) {
            entries.put("logs/journalctl.txt", Redaction.text(tail(journal.get())));
            notes.add("logs from journalctl -u " + SERVICE);
        }
        Path dir = stateDir.resolve("logs");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    entries.put("logs/" + f.getFileName(), Redaction.text(tail(Files.readString(f, StandardCharsets.UTF_8))));
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

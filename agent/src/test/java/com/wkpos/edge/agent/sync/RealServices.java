package com.wkpos.edge.agent.sync;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The real services sync is proven against when they exist: a Mosquitto this harness starts on a free
 * loopback port, and PostgreSQL on 127.0.0.1:5432 (database {@code test}, a fresh schema per run).
 * {@code WK_EDGE_REAL_SERVICES=required} (set by {@code .ci/run}) turns their absence into a failure.
 */
final class RealServices {
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    static final String PG_BASE = System.getenv().getOrDefault("WK_EDGE_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private RealServices() {
    }

    static boolean required() {
        return "required".equals(System.getenv("WK_EDGE_REAL_SERVICES"));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    static boolean mosquittoAvailable() {
        if (Files.isExecutable(MOSQUITTO)) {
            return true;
        }
        if (required()) {
            throw new IllegalStateException("WK_EDGE_REAL_SERVICES=required but " + MOSQUITTO + " is missing");
        }
        return false;
    }

    /** A fresh schema's URL, or null when PostgreSQL does not answer (and is not required). */
    static String postgresSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_BASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            return PG_BASE + "&currentSchema=" + schema;
        } catch (SQLException e) {
            if (required()) {
                throw new IllegalStateException("WK_EDGE_REAL_SERVICES=required but PostgreSQL at " + PG_BASE
                        + " is not reachable: " + e.getMessage(), e);
            }
            return null;
        }
    }

    /**
     * HQ for tenant {@link com.wkpos.edge.agent.TestLicense#TENANT} in {@code dir/hq}: with the embedded broker
     * and SQLite, or ({@code real}) with a Mosquitto of its own and a fresh PostgreSQL schema — the test is
     * skipped when those are missing and not required. What it starts is added to {@code open}.
     */
    static com.wkpos.edge.hq.Hq startHq(Path dir, boolean real, java.util.List<AutoCloseable> open) throws Exception {
        return startHq(dir, real, open, java.util.List.of());
    }

    /** The same, with {@code extra} options after the others (a later option wins). */
    static com.wkpos.edge.hq.Hq startHq(Path dir, boolean real, java.util.List<AutoCloseable> open,
                                        java.util.List<String> extra) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--state-dir",
                dir.resolve("hq").toString(), "--listen", "127.0.0.1:0", "--tenant",
                com.wkpos.edge.agent.TestLicense.TENANT));
        if (real) {
            boolean have = mosquittoAvailable();
            String db = have ? postgresSchema() : null;
            org.junit.jupiter.api.Assumptions.assumeTrue(have && db != null, "Mosquitto or PostgreSQL not available");
            Mosquitto mosquitto = new Mosquitto(dir);
            open.add(mosquitto);
            args.addAll(java.util.List.of("--broker", mosquitto.url(), "--db", db, "--no-shared-ingest"));
        } else {
            args.addAll(java.util.List.of("--mqtt-listen", "127.0.0.1:" + freePort()));
        }
        args.addAll(extra);
        com.wkpos.edge.hq.Hq hq = com.wkpos.edge.hq.Hq.start(com.wkpos.edge.hq.HqConfig.parse(args),
                java.time.Clock.systemUTC(), java.util.List.of());
        open.add(hq);
        return hq;
    }

    /** A branch agent as a child process of this JVM on loopback HTTP, its output in {@code dir/<log>.log}. */
    static Process agentProcess(Path dir, java.util.List<String> args, String log, int port) throws IOException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "com.wkpos.edge.agent.boot.Main", "agent", "--listen",
                "127.0.0.1:" + port, "--plain-http"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(log + ".log").toFile())
                .start();
    }

    /** A Mosquitto process of our own on a loopback port; restartable on the same port. */
    static final class Mosquitto implements AutoCloseable {
        final int port;
        private final Path config;
        private Process process;

        Mosquitto(Path dir) throws IOException {
            this.port = freePort();
            this.config = dir.resolve("mosquitto-" + port + ".conf");
            Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                    + "max_queued_messages 100000\nmax_inflight_messages 0\nlog_dest stderr\nlog_type error\n");
            start();
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        void start() throws IOException {
            process = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IOException("mosquitto exited with " + process.exitValue());
                    }
                    Thread.onSpinWait();
                }
            }
            throw new IOException("mosquitto did not listen on " + port + " within 10 s");
        }

        /** SIGKILL, as a crashed broker. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}

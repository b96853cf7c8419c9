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

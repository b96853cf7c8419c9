package com.wkpos.edge.hq.enroll;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real Mosquitto started on a configuration file; absent binary skips unless WK_EDGE_REAL_SERVICES=required. */
final class Mosquitto implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    Mosquitto(Path config, int port) throws IOException {
        this.config = config;
        this.port = port;
        this.log = config.resolveSibling("mosquitto-" + port + ".log");
        start();
    }

    static boolean available() {
        if (Files.isExecutable(BINARY)) {
            return true;
        }
        if ("required".equals(System.getenv("WK_EDGE_REAL_SERVICES"))) {
            throw new IllegalStateException("WK_EDGE_REAL_SERVICES=required but " + BINARY + " is missing");
        }
        return false;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    void start() throws IOException {
        if ("root".equals(System.getProperty("user.name")) && !Files.readString(config).contains("\nuser ")) {
            // as root Mosquitto drops to user 'mosquitto', who cannot enter the test's private temp folder
            Files.writeString(config, "user root\n", java.nio.file.StandardOpenOption.APPEND);
        }
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("mosquitto exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                Thread.onSpinWait();
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    void restart() throws IOException, InterruptedException {
        close();
        start();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}

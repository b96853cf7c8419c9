package com.wkpos.edge.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent runs as a child process under a fake service manager (a datagram socket in
 * {@code $NOTIFY_SOCKET}). It says {@code READY=1} once its API answers and pings the watchdog; when
 * another process takes the journal's write lock the writer cannot commit, the pings stop and the status
 * says why; when the lock goes, the pings come back; on SIGTERM it says {@code STOPPING=1}.
 */
class WatchdogIT {
    /** Ticks every 1.5 s: quick enough for a test, slow enough for a loaded two-core CI machine. */
    private static final Duration INTERVAL = Duration.ofSeconds(3);
    private static final Duration TICK = INTERVAL.dividedBy(2);

    @TempDir
    Path dir;

    @Test
    void pingsWhileHealthyStopWhileTheJournalIsWedgedAndResumeAfter() throws Exception {
        Path state = dir.resolve("state");
        int port = freePort();
        try (NotifySocket socket = new NotifySocket(dir.resolve("notify").toString())) {
            Process agent = startAgent(state, port, socket.address());
            try {
                String ready = awaitMessage(socket, agent, "READY=1", Duration.ofSeconds(60));
                assertThat(ready).contains("STATUS=serving").contains("MAINPID=" + agent.pid());
                assertThat(new Http(port).get("/api/v1/health").status()).as("API answers once READY").isEqualTo(200);
                for (int i = 0; i < 3; i++) {
                    awaitMessage(socket, agent, "WATCHDOG=1", TICK.multipliedBy(4));
                }
                try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("journal.db"));
                     Statement s = lock.createStatement()) {
                    s.execute("PRAGMA busy_timeout = 10000");
                    s.execute("BEGIN EXCLUSIVE");
                    List<String> whileWedged = awaitSilence(socket, agent);
                    assertThat(whileWedged).anySatisfy(m -> assertThat(m)
                            .startsWith("STATUS=UNHEALTHY: journal writer"));
                    assertThat(new Http(port).get("/api/v1/health").status())
                            .as("the API still answers: only the writer is wedged").isEqualTo(200);
                    s.execute("ROLLBACK");
                }
                String back = awaitMessage(socket, agent, "WATCHDOG=1", Duration.ofSeconds(20));
                assertThat(back).contains("STATUS=serving");
                agent.destroy();
                awaitMessage(socket, agent, "STOPPING=1", Duration.ofSeconds(30));
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                agent.destroyForcibly();
            }
        }
    }

    /**
     * Waits until no ping came for three ticks (the writer is wedged), within a bound; returns what
     * arrived meanwhile. Pings already sent before the lock took may still arrive first.
     */
    private static List<String> awaitSilence(NotifySocket socket, Process agent) throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long lastPing = System.nanoTime();
        while (System.nanoTime() < deadline) {
            assertThat(agent.isAlive()).as("agent alive").isTrue();
            String m = socket.next(TICK.dividedBy(2));
            if (m != null) {
                seen.add(m);
                if (m.contains("WATCHDOG=1")) {
                    lastPing = System.nanoTime();
                }
            } else if (System.nanoTime() - lastPing > TICK.multipliedBy(3).toNanos()
                    && seen.stream().anyMatch(s -> s.contains("UNHEALTHY"))) {
                return seen;
            }
        }
        throw new AssertionError("watchdog pings did not stop within 30 s of wedging the journal; saw " + seen);
    }

    private static String awaitMessage(NotifySocket socket, Process agent, String wanted, Duration bound)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            String m = socket.next(Duration.ofMillis(100));
            if (m != null) {
                if (m.lines().anyMatch(wanted::equals)) {
                    return m;
                }
                seen.add(m);
            } else if (!agent.isAlive() && !wanted.equals("STOPPING=1")) {
                throw new AssertionError("agent exited with " + agent.exitValue() + " before " + wanted);
            }
        }
        throw new AssertionError(wanted + " not received within " + bound + "; saw " + seen);
    }

    private Process startAgent(Path state, int port, String notifySocket) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "com.wkpos.edge.agent.boot.Main", "agent",
                "--state-dir", state.toString(), "--listen", "127.0.0.1:" + port, "--plain-http", "--demo-catalog")
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().put("NOTIFY_SOCKET", notifySocket);
        pb.environment().put("WATCHDOG_USEC", Long.toString(INTERVAL.toNanos() / 1000));
        pb.environment().remove("WATCHDOG_PID");
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}

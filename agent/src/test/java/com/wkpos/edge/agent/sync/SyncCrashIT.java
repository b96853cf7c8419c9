package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.agent.Http;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The branch agent runs as a real child process, licensed as in production, and is killed with SIGKILL
 * twice while a backlog drains to HQ. Its persisted ack may then lag HQ's, so it resends what HQ already
 * has: HQ must still end with exactly the branch's entries, its ack must only ever move forward, and
 * every ledger transaction must balance — embedded Moquette with SQLite, and Mosquitto with PostgreSQL.
 */
class SyncCrashIT {
    private static final int SALES = 1_200;

    enum Env { EMBEDDED_SQLITE, MOSQUITTO_POSTGRES }

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Long> hqAcks = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void agentKilledMidDrainLosesAndDoublesNothing(Env env) throws Exception {
        Hq hq = startHq(env);
        TestLicense license = new TestLicense(dir);
        Path state = dir.resolve("branch");
        license.installFor(state);
        String device;
        long head;
        try (Agent offline = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", state.toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog"))), Clock.systemUTC())) {
            TestBranch.openShift(offline);
            for (int i = 0; i < SALES; i++) {
                offline.sales().complete(TestBranch.cash("COF-250", 1, 1_000_000), UUID.randomUUID().toString(), "t");
            }
            device = offline.journal().deviceId();
            head = offline.journal().head().seq();
        }
        Path config = dir.resolve("agent.properties");
        // 20 entries a batch at 25 batches/s: the backlog takes a few seconds, long enough to kill it twice
        Files.writeString(config, "sync.batch-entries=20\nsync.batches-per-second=25\n");
        List<String> args = license.with(List.of("--config", config.toString(), "--state-dir", state.toString(),
                "--demo-catalog", "--broker", hq.brokerUrl(), "--branch", "b1",
                "--hq-key", dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE).toString()));

        for (long killAbove : List.of(head / 4, head / 2)) {
            Process agent = startAgent(args, "run-" + killAbove, RealServices.freePort());
            await(hq, device, "HQ acks past " + killAbove, () -> ack(hq, device) > killAbove, agent);
            agent.destroyForcibly();
            assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ack(hq, device)).as("killed mid-drain").isLessThan(head);
        }
        int port = RealServices.freePort();
        Process agent = startAgent(args, "final", port);
        Http http = new Http(port);
        await(hq, device, "the branch reports its backlog drained", () -> drained(http), agent);
        agent.destroyForcibly();
        assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long branchHead = journalHead(state);
        assertThat(branchHead).as("the restarts journaled a little too").isGreaterThanOrEqualTo(head);
        assertThat(ack(hq, device)).isEqualTo(branchHead);
        assertThat(hq.entries(device)).isEqualTo(branchHead);
        assertThat(hq.metrics().get("wk_hq_entries_ingested_total")).isEqualTo(branchHead);
        assertThat(hqAcks).as("HQ's ack only moves forward").isSorted();
        assertThat(hq.unbalancedTransactions()).isZero();
        assertThat(hq.alarms()).isEmpty();
        assertThat(hq.stock(TestLicense.TENANT, "b1")).singleElement()
                .satisfies(row -> assertThat(row.get("movement")).isEqualTo((long) -SALES));
    }

    private Hq startHq(Env env) throws Exception {
        return RealServices.startHq(dir, env == Env.MOSQUITTO_POSTGRES, open);
    }

    private long ack(Hq hq, String device) {
        long acked = hq.branches(TestLicense.TENANT).stream().filter(b -> device.equals(b.get("device")))
                .mapToLong(b -> (Long) b.get("ackedSeq")).findFirst().orElse(0);
        hqAcks.add(acked);
        return acked;
    }

    private static boolean drained(Http http) {
        try {
            Http.Response r = http.get("/api/v1/health");
            return r.status() == 200 && r.json().at("/sync/connected").asBoolean()
                    && r.json().at("/sync/backlog").asLong(-1) == 0;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    private static long journalHead(Path state) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("journal.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT MAX(seq) FROM journal")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Process startAgent(List<String> args, String log, int port) throws IOException {
        return RealServices.agentProcess(dir, args, log, port);
    }

    private void await(Hq hq, String device, String what, java.util.function.BooleanSupplier condition, Process agent)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (!agent.isAlive()) {
                throw new AssertionError("agent exited with " + agent.exitValue() + " before: " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what + " (HQ has " + hq.entries(device) + ")");
            }
            agent.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }
}

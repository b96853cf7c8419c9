package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import com.wkpos.edge.hq.license.HqLicense;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Branch agents and a real HQ over a real broker and store: the embedded Moquette with SQLite always,
 * and our own Mosquitto with PostgreSQL when they are there. Faults are real: the broker process is
 * killed, HQ is stopped and started, the branch's connection is dropped without a DISCONNECT.
 */
class SyncIT {
    enum Env { EMBEDDED_SQLITE, MOSQUITTO_POSTGRES }

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private Env env;
    private RealServices.Mosquitto mosquitto;
    private String dbUrl;
    private int mqttPort;

    @org.junit.jupiter.api.AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private void environment(Env e) throws Exception {
        env = e;
        mqttPort = RealServices.freePort();
        if (e == Env.MOSQUITTO_POSTGRES) {
            boolean have = RealServices.mosquittoAvailable();
            dbUrl = have ? RealServices.postgresSchema() : null;
            Assumptions.assumeTrue(have && dbUrl != null, "Mosquitto or PostgreSQL not available");
            mosquitto = new RealServices.Mosquitto(dir);
            open.add(mosquitto);
        }
    }

    private Hq startHq(String name, boolean shared) {
        List<String> args = new ArrayList<>(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--tenant", "acme"));
        if (!name.equals("hq")) {
            args.set(1, dir.resolve(name).toString());
            shareKeys(dir.resolve("hq"), dir.resolve(name));
        }
        if (env == Env.MOSQUITTO_POSTGRES) {
            args.addAll(List.of("--broker", mosquitto.url(), "--db", dbUrl, shared ? "--shared-ingest" : "--no-shared-ingest"));
        } else {
            args.addAll(List.of("--mqtt-listen", "127.0.0.1:" + mqttPort));
        }
        Hq hq = Hq.start(HqConfig.parse(args), Clock.systemUTC(), List.of());
        open.add(hq);
        return hq;
    }

    /** Instances sharing the load sign with one key, or branches would refuse what the second one answers. */
    private static void shareKeys(Path from, Path to) {
        try {
            java.nio.file.Files.createDirectories(to);
            for (String key : List.of("hq-signing.key", Hq.PUBLIC_KEY_FILE, HqLicense.KEY_FILE)) {
                java.nio.file.Files.copy(from.resolve(key), to.resolve(key));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String brokerUrl() {
        return env == Env.MOSQUITTO_POSTGRES ? mosquitto.url() : "tcp://127.0.0.1:" + mqttPort;
    }

    private Agent startAgent(String branch, int batchEntries, int batchesPerSecond) {
        AgentConfig config = AgentConfig.parse(List.of("--state-dir", dir.resolve(branch).toString(), "--listen",
                "127.0.0.1:0", "--branch-name", "Branch " + branch));
        SyncSettings s = new SyncSettings(brokerUrl(), "acme", branch, dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE),
                Duration.ofMillis(500), batchEntries, 4, Duration.ofSeconds(2), batchesPerSecond);
        Agent agent = Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
        open.add(agent);
        return agent;
    }

    private static JsonNode demoCatalog() throws Exception {
        try (InputStream in = SyncIT.class.getResourceAsStream("/demo/catalog.json")) {
            return SyncCodec.MAPPER.readTree(in);
        }
    }

    static void await(String what, Duration bound, BooleanSupplier condition) {
        com.wkpos.edge.agent.Await.until(what, bound, condition);
    }

    private static void sell(Agent agent, int n) {
        TestBranch.openShift(agent);
        for (int i = 0; i < n; i++) {
            agent.sales().complete(TestBranch.cash("COF-250", 1, 1_000_000), UUID.randomUUID().toString(), "test");
        }
    }

    private static long price(Agent agent, String sku) {
        return agent.catalogs().current().bySku(sku).orElseThrow().price();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void salesReachHqAndPricesReachEveryBranch(Env e) throws Exception {
        environment(e);
        Hq hq = startHq("hq", false);
        hq.importCatalog("acme", demoCatalog());
        Agent b1 = startAgent("b1", 500, 200);
        Agent b2 = startAgent("b2", 500, 200);
        await("both branches apply HQ's catalog", Duration.ofSeconds(20),
                () -> b1.sync().orElseThrow().downstreamVersion() == 1 && b2.sync().orElseThrow().downstreamVersion() == 1);
        sell(b1, 25);
        long head = b1.journal().head().seq();
        await("HQ acks every entry of b1", Duration.ofSeconds(20), () -> b1.sync().orElseThrow().ackedSeq() == head);
        assertThat(hq.entries(b1.journal().deviceId())).isEqualTo(head);
        assertThat(hq.unbalancedTransactions()).isZero();
        assertThat(hq.stock("acme", "b1")).anySatisfy(row -> {
            assertThat(row.get("sku")).isEqualTo("COF-250");
            assertThat(row.get("movement")).isEqualTo(-25L);
        });

        long before = price(b1, "COF-250");
        hq.setPrice("acme", "COF-250", before + 100, List.of());
        await("the price reaches both branches", Duration.ofSeconds(10),
                () -> price(b1, "COF-250") == before + 100 && price(b2, "COF-250") == before + 100);
        hq.setPrice("acme", "COF-250", before + 200, List.of("b2"));
        await("the branch price reaches b2", Duration.ofSeconds(10), () -> price(b2, "COF-250") == before + 200);
        await("b1 takes version 3 without the b2 price", Duration.ofSeconds(10),
                () -> b1.sync().orElseThrow().downstreamVersion() == 3);
        assertThat(price(b1, "COF-250")).isEqualTo(before + 100);

        long headNow = b1.journal().head().seq();
        assertThat(headNow).as("each applied version is a journal entry").isGreaterThan(head);
        await("the catalog entries are acked too", Duration.ofSeconds(20), () -> b1.sync().orElseThrow().ackedSeq() == headNow);
        Http http = Http.unpaired(b1);
        JsonNode health = http.get("/api/v1/health").json();
        assertThat(health.at("/sync/ackedSeq").asLong()).isEqualTo(headNow);
        assertThat(health.at("/sync/backlog").asLong()).isZero();
        assertThat(health.at("/sync/connected").asBoolean()).isTrue();
        assertThat(http.get("/metrics").body()).contains("wk_edge_sync_backlog 0").contains("wk_edge_sync_last_ack_timestamp_seconds");
        assertThat(http.get("/").body()).contains("Sync with HQ");
        await("HQ lists both branches with heartbeats", Duration.ofSeconds(10), () -> hq.branches("acme").size() == 2
                && hq.branches("acme").stream().allMatch(b -> b.get("lastHeartbeat") != null));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void drainSurvivesBrokerRestartHqRestartAndNetworkCutWithNothingLostOrDoubled(Env e) throws Exception {
        environment(e);
        Hq hq = startHq("hq", false);
        hq.importCatalog("acme", demoCatalog());
        Agent b1 = startAgent("b1", 5, 40);
        SyncClient sync = b1.sync().orElseThrow();
        await("catalog applied", Duration.ofSeconds(20), () -> sync.downstreamVersion() == 1);
        await("first ack", Duration.ofSeconds(20), () -> sync.ackedSeq() >= 2);
        hq.close();
        sell(b1, 300);
        long head = b1.journal().head().seq();
        List<Long> acks = new ArrayList<>();
        BooleanSupplier progressed = () -> {
            acks.add(sync.ackedSeq());
            return true;
        };

        hq = startHq("hq", false);
        long mark = sync.ackedSeq();
        await("drain under way", Duration.ofSeconds(30), () -> progressed.getAsBoolean() && sync.ackedSeq() > mark + 20);
        sync.dropConnection();
        long mark2 = sync.ackedSeq();
        await("drain resumes after a cut", Duration.ofSeconds(30), () -> progressed.getAsBoolean() && sync.ackedSeq() > mark2 + 20);
        if (env == Env.MOSQUITTO_POSTGRES) {
            mosquitto.kill();
            mosquitto.start();
        } else {
            hq.close();
            hq = startHq("hq", false);
        }
        long mark3 = sync.ackedSeq();
        await("drain resumes after the broker restarted", Duration.ofSeconds(40),
                () -> progressed.getAsBoolean() && sync.ackedSeq() > mark3 + 20);
        hq.close();
        hq = startHq("hq", false);
        await("everything acked after HQ restarted", Duration.ofSeconds(60),
                () -> progressed.getAsBoolean() && sync.ackedSeq() == head);

        assertThat(acks).isSorted();
        assertThat(hq.entries(b1.journal().deviceId())).isEqualTo(head);
        assertThat(hq.unbalancedTransactions()).isZero();
        assertThat(hq.alarms()).isEmpty();
        assertThat(hq.stock("acme", "b1")).anySatisfy(row -> assertThat(row.get("movement")).isEqualTo(-300L));
    }

    @ParameterizedTest
    @EnumSource(value = Env.class, names = "MOSQUITTO_POSTGRES")
    void twoHqInstancesOnASharedSubscriptionStoreEachEntryExactlyOnce(Env e) throws Exception {
        environment(e);
        Hq first = startHq("hq", true);
        Hq second = startHq("hq2", true);
        first.importCatalog("acme", demoCatalog());
        Agent b1 = startAgent("b1", 5, 100);
        SyncClient sync = b1.sync().orElseThrow();
        await("catalog applied", Duration.ofSeconds(20), () -> sync.downstreamVersion() == 1);
        sell(b1, 200);
        long head = b1.journal().head().seq();
        await("all acked through two HQ instances", Duration.ofSeconds(60), () -> sync.ackedSeq() == head);
        assertThat(first.entries(b1.journal().deviceId())).isEqualTo(head);
        assertThat(first.metrics().get("wk_hq_entries_ingested_total")).isPositive();
        assertThat(second.metrics().get("wk_hq_entries_ingested_total")).isPositive();
        assertThat(first.unbalancedTransactions()).isZero();
        assertThat(first.alarms()).isEmpty();
    }
}

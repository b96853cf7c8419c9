package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Await;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.protocol.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A transfer from branch nord to branch sued and a purchase order for sued, through HQ, with nord a real
 * child process SIGKILLed right after it shipped and sued offline while nord approves and ships and HQ
 * sends the order. Afterwards every command sued was sent is delivered again, reversed: nothing applies
 * twice. In the end HQ and both branches agree on every document and on every item's stock — embedded
 * Moquette with SQLite, and Mosquitto with PostgreSQL.
 */
class SupplySyncIT {
    private static final String NORD = "nord";
    private static final String SUED = "sued";

    enum Env { EMBEDDED_SQLITE, MOSQUITTO_POSTGRES }

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process nord;

    @AfterEach
    void closeAll() throws Exception {
        if (nord != null) {
            nord.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aTransferAndAPurchaseOrderConvergeThroughKillsOutagesAndRedeliveries(Env env) throws Exception {
        Hq hq = startHq(env);
        Http admin = new Http(hq.port(), hq.adminToken().value());
        TestLicense license = new TestLicense(dir);
        Path nordState = dir.resolve(NORD);
        Path suedState = dir.resolve(SUED);
        license.installFor(nordState);
        license.installFor(suedState);
        List<String> nordArgs = license.with(List.of("--state-dir", nordState.toString(), "--demo-catalog",
                "--demo-till", "--broker", hq.brokerUrl(), "--branch", NORD, "--hq-key", hqKey().toString()));
        int nordPort = RealServices.freePort();
        nord = startNord(nordArgs, "nord-1", nordPort);
        // nord listens before sued takes a port of its own, so the two cannot end up on the same one
        awaitUp(nordPort);
        Agent sued = startSued(license, hq);
        Http suedManager = Http.paired(sued).login("maria", "9999");
        List<byte[]> toSued = record(hq.brokerUrl(), Topics.downCmd(TestLicense.TENANT, SUED));
        await("HQ knows both branches", () -> hq.branches(TestLicense.TENANT).stream().map(b -> b.get("branch"))
                .toList().containsAll(List.of(NORD, SUED)));

        // sued asks nord for goods; HQ refuses a branch it does not know, and nothing moves
        Http.Response unknown = suedManager.post("/api/v1/transfers", "{\"from\":\"west\",\"lines\":[{\"sku\":"
                + "\"COF-250\",\"qty\":1}]}", null);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(201);
        String unknownId = unknown.json().get("id").asText();
        await("HQ rejects a transfer from an unknown branch", () -> status(suedManager, "/api/v1/transfers/"
                + unknownId).equals("REJECTED"));
        assertThat(suedManager.post("/api/v1/transfers", "{\"from\":\"sued\",\"lines\":[{\"sku\":\"COF-250\","
                + "\"qty\":1}]}", null).status()).as("to itself").isEqualTo(422);
        Http.Response asked = suedManager.post("/api/v1/transfers", "{\"from\":\"nord\",\"note\":\"Wochenende\","
                + "\"lines\":[{\"sku\":\"COF-250\",\"qty\":10},{\"sku\":\"COF-500\",\"qty\":4}]}", null);
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        String transfer = asked.json().get("id").asText();
        await("HQ has the request", () -> status(admin, "/api/v1/transfers/" + transfer).equals("PENDING"));

        // sued goes offline for the rest of the shipment
        stop(sued);
        Http nordManager = Http.paired(nordPort, nordState).login("maria", "9999");
        await("nord got the request", () -> status(nordManager, "/api/v1/transfers/" + transfer).equals("PENDING"));
        assertThat(nordManager.post("/api/v1/transfers/" + transfer + "/approve", "", null).status()).isEqualTo(200);
        Http.Response over = nordManager.post("/api/v1/transfers/" + transfer + "/ship", "{\"lines\":[{\"sku\":"
                + "\"COF-250\",\"qty\":11}]}", null);
        assertThat(over.status()).as("more than requested").isEqualTo(400);
        Http.Response shipped = nordManager.post("/api/v1/transfers/" + transfer + "/ship", "{\"lines\":[{\"sku\":"
                + "\"COF-250\",\"qty\":8},{\"sku\":\"COF-500\",\"qty\":4}]}", null);
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        // SIGKILL at once: the shipment may or may not have left for HQ; the journal holds it either way
        nord.destroyForcibly();
        assertThat(nord.waitFor(10, TimeUnit.SECONDS)).isTrue();
        nordPort = RealServices.freePort();
        nord = startNord(nordArgs, "nord-2", nordPort);
        awaitUp(nordPort);
        await("HQ has the shipment", () -> status(admin, "/api/v1/transfers/" + transfer).equals("SHIPPED"));

        // HQ orders goods for sued while it is offline
        Http.Response po = admin.post("/api/v1/purchase-orders", "{\"branch\":\"sued\",\"supplier\":\"Rösterei Nord\","
                + "\"lines\":[{\"sku\":\"COF-250\",\"qty\":20},{\"sku\":\"COF-1000\",\"qty\":5}]}", null);
        assertThat(po.status()).as(po.body()).isEqualTo(201);
        String order = po.json().path("poId").asText(po.json().path("id").asText());
        assertThat(admin.post("/api/v1/purchase-orders/" + order + "/send", "", null).status()).isEqualTo(200);
        assertThat(supplyPending(admin, SUED)).as("approved, shipped and the order wait for sued")
                .isGreaterThanOrEqualTo(3);

        // sued back: it catches up on what it missed, in order
        sued = startSued(license, hq);
        Http suedBack = Http.paired(sued).login("maria", "9999");
        await("sued got the shipment", () -> status(suedBack, "/api/v1/transfers/" + transfer).equals("SHIPPED"));
        await("sued got the order", () -> status(suedBack, "/api/v1/purchase-orders/" + order).equals("SENT"));
        Http.Response noReason = suedBack.post("/api/v1/transfers/" + transfer + "/receive", "{\"lines\":[{\"sku\":"
                + "\"COF-250\",\"qty\":7}]}", null);
        assertThat(noReason.status()).as("a difference needs a reason").isEqualTo(422);
        Http.Response received = suedBack.post("/api/v1/transfers/" + transfer + "/receive", "{\"lines\":[{\"sku\":"
                + "\"COF-250\",\"qty\":7,\"reason\":\"one torn bag\"}]}", null);
        assertThat(received.status()).as(received.body()).isEqualTo(200);
        assertThat(received.json().get("status").asText()).isEqualTo("PARTIALLY_RECEIVED");
        Http cashier = Http.paired(sued).login("anna", "1111");
        assertThat(cashier.post("/api/v1/purchase-orders/" + order + "/receipts", "{\"id\":\"" + UUID.randomUUID()
                + "\",\"lines\":[{\"sku\":\"COF-250\","
                + "\"qty\":20},{\"sku\":\"COF-1000\",\"qty\":3}]}", null).status()).isEqualTo(201);
        Http.Response rest = cashier.post("/api/v1/purchase-orders/" + order + "/receipts", "{\"id\":\""
                + UUID.randomUUID() + "\",\"lines\":[{\"sku\":"
                + "\"COF-1000\",\"qty\":3,\"reason\":\"supplier sent one more\"}]}", null);
        assertThat(rest.status()).as(rest.body()).isEqualTo(201);
        assertThat(rest.json().get("status").asText()).isEqualTo("RECEIVED");

        Http nordAgain = Http.paired(nordPort, nordState).login("maria", "9999");
        await("nord learnt of the receipt", () -> status(nordAgain, "/api/v1/transfers/" + transfer)
                .equals("PARTIALLY_RECEIVED"));
        assertThat(nordAgain.post("/api/v1/transfers/" + transfer + "/close", "{\"reason\":\"torn bag written off\"}",
                null).status()).isEqualTo(200);
        await("sued learnt it closed", () -> status(suedBack, "/api/v1/transfers/" + transfer).equals("CLOSED"));
        await("HQ has it closed", () -> status(admin, "/api/v1/transfers/" + transfer).equals("CLOSED"));
        await("HQ has the order received", () -> status(admin, "/api/v1/purchase-orders/" + order).equals("RECEIVED"));

        // every command sued was ever sent, again and backwards: nothing applies a second time
        Agent quiet = sued;
        await("sued uploaded everything it journaled", () -> quiet.sync().orElseThrow().status().get("backlog")
                .equals(0L));
        long head = sued.journal().head().seq();
        // the supply commands only: a replayed license renewal reply is refused and journaled as such
        List<byte[]> again = new ArrayList<>(toSued.stream().filter(m -> com.wkpos.edge.protocol.SyncCodec.decode(m,
                com.wkpos.edge.protocol.Command.class).kind().equals(com.wkpos.edge.protocol.Command.SUPPLY)).toList());
        Collections.reverse(again);
        assertThat(again).as("commands were seen on sued's down/cmd").isNotEmpty();
        long seen = (Long) sued.sync().orElseThrow().status().get("supplyCommandsReceived");
        publish(hq.brokerUrl(), Topics.downCmd(TestLicense.TENANT, SUED), again);
        await("sued took every redelivery", () -> (Long) quiet.sync().orElseThrow().status()
                .get("supplyCommandsReceived") >= seen + 2L * again.size());
        assertThat(supplyApplied(sued.journal().file())).as("each command once, none missing")
                .isEqualTo(lastSupplySeq(sued.journal().file()));
        assertThat(typesAfter(sued.journal().file(), head)).as("redeliveries journal nothing").isEmpty();

        // HQ and both branches agree
        Map<String, Long> nordMoves = movements(nordState.resolve("journal.db"));
        Map<String, Long> suedMoves = movements(suedState.resolve("journal.db"));
        assertThat(nordMoves).containsEntry("COF-250", -8L).containsEntry("COF-500", -4L);
        assertThat(suedMoves).containsEntry("COF-250", 27L).containsEntry("COF-500", 4L).containsEntry("COF-1000", 6L);
        await("HQ's stock is the sum of the branches' movements", () -> hqStock(hq, NORD).equals(nordMoves)
                && hqStock(hq, SUED).equals(suedMoves));
        JsonNode atHq = admin.get("/api/v1/transfers/" + transfer).json();
        JsonNode atSued = suedBack.get("/api/v1/transfers/" + transfer).json();
        JsonNode atNord = nordAgain.get("/api/v1/transfers/" + transfer).json();
        for (JsonNode t : List.of(atSued, atNord)) {
            assertThat(t.get("lines").findValuesAsText("sku")).containsExactly("COF-250", "COF-500");
            assertThat(t.get("lines").findValues("shipped").stream().map(JsonNode::asLong)).containsExactly(8L, 4L);
            assertThat(t.get("lines").findValues("received").stream().map(JsonNode::asLong)).containsExactly(7L, 4L);
            assertThat(t.get("steps").findValuesAsText("step"))
                    .containsExactly("requested", "approved", "shipped", "received", "closed");
        }
        assertThat(atHq.toString()).contains("one torn bag");
        assertThat(hq.alarms()).isEmpty();
        await("HQ knows every command was applied", () -> supplyPending(admin, SUED) == 0
                && supplyPending(admin, NORD) == 0);
        nord.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        stop(sued);
        assertThat(Agent.verifier().verify(nordState).findings()).isEmpty();
        assertThat(Agent.verifier().verify(suedState).findings()).isEmpty();
    }

    /** The supply commands HQ made for a branch that the branch has not journaled as applied yet. */
    private static long supplyPending(Http admin, String branch) {
        try {
            for (JsonNode b : admin.get("/api/v1/branches").json().get("branches")) {
                if (b.get("branch").asText().equals(branch)) {
                    return b.get("supplyPending").asLong();
                }
            }
            return -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String status(Http http, String path) {
        try {
            Http.Response r = http.get(path);
            return r.status() == 200 ? r.json().path("status").asText() : "HTTP " + r.status();
        } catch (IOException | InterruptedException e) {
            return "unreachable";
        }
    }

    /** Every movement but the opening stock per SKU: what HQ, which knows no opening stock, must have summed. */
    private static Map<String, Long> movements(Path journal) throws Exception {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal);
             PreparedStatement ps = c.prepareStatement("SELECT sku, SUM(qty_delta) FROM inventory_movements"
                     + " WHERE type <> 'OPENING' GROUP BY sku HAVING SUM(qty_delta) <> 0 ORDER BY sku");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static Map<String, Long> hqStock(Hq hq, String branch) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map<String, Object> row : hq.stock(TestLicense.TENANT, branch)) {
            long v = (Long) row.get("movement");
            if (v != 0) {
                out.put((String) row.get("sku"), v);
            }
        }
        return new java.util.TreeMap<>(out).entrySet().stream().collect(LinkedHashMap::new,
                (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll);
    }

    private static long supplyApplied(Path journal) throws Exception {
        return count(journal, "SELECT COUNT(*) FROM journal WHERE type = 'supply.applied'");
    }

    private static List<String> typesAfter(Path journal, long seq) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal);
             ResultSet rs = c.createStatement().executeQuery("SELECT type FROM journal WHERE seq > " + seq)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long lastSupplySeq(Path journal) throws Exception {
        return count(journal, "SELECT MAX(seq) FROM supply_commands");
    }

    private void stop(Agent agent) {
        open.remove(agent);
        agent.close();
    }

    private static long count(Path journal, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal);
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Collects what the broker delivers on {@code topic} from now on. */
    private List<byte[]> record(String broker, String topic) throws Exception {
        List<byte[]> seen = new CopyOnWriteArrayList<>();
        MqttClient client = new MqttClient(broker, "test-recorder-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        client.connect(o);
        client.subscribe(topic, 1, (t, m) -> seen.add(m.getPayload()));
        open.add(() -> {
            client.disconnect();
            client.close();
        });
        return seen;
    }

    private static void publish(String broker, String topic, List<byte[]> messages) throws Exception {
        MqttClient client = new MqttClient(broker, "test-replayer-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000); // every redelivery at once: more than Paho's default of 10 in flight
        client.connect(options);
        try {
            for (int round = 0; round < 2; round++) {
                for (byte[] m : messages) {
                    client.publish(topic, m, 1, false);
                }
            }
        } finally {
            client.disconnect();
            client.close();
        }
    }

    private Hq startHq(Env env) throws Exception {
        return RealServices.startHq(dir, env == Env.MOSQUITTO_POSTGRES, open);
    }

    private Path hqKey() {
        return dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE);
    }

    private Agent startSued(TestLicense license, Hq hq) {
        AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve(SUED).toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till")));
        SyncSettings s = new SyncSettings(hq.brokerUrl(), TestLicense.TENANT, SUED, hqKey(), Duration.ofSeconds(30), 500,
                4, Duration.ofSeconds(2), 200);
        Agent agent = Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
        open.add(agent);
        return agent;
    }

    private Process startNord(List<String> args, String log, int port) throws IOException {
        return RealServices.agentProcess(dir, args, log, port);
    }

    private void awaitUp(int port) throws Exception {
        Http http = new Http(port);
        await("nord answers on " + port, () -> {
            try {
                return http.get("/api/v1/health").status() == 200;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        });
    }

    /** Waits for {@code condition}; nord dying meanwhile fails at once, with its exit code. */
    private void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(60), () -> {
            if (nord != null && !nord.isAlive()) {
                throw new AssertionError("nord exited with " + nord.exitValue() + " before: " + what);
            }
            return condition.getAsBoolean();
        });
    }
}

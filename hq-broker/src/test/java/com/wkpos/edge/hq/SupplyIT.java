package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.Command;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An operator moves stock between branches and orders goods at HQ (ADR 013): the admin API on a random
 * loopback port and {@code wk-edge hq transfer|po} make, send, close and show the documents; two branch
 * stand-ins on the embedded broker upload their steps and receive HQ's signed supply commands. Bad input is a
 * problem and stores and sends nothing. On SQLite, and on PostgreSQL when reachable.
 */
class SupplyIT {
    @TempDir
    Path dir;
    private Hq hq;
    private HttpClient http;
    private Ed25519.Verifier verifier;
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    private final List<String[]> commands = Collections.synchronizedList(new ArrayList<>());
    private final TillEntries a = new TillEntries("dev-a");
    private final TillEntries b = new TillEntries("dev-b");

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void transfersAndPurchaseOrdersAreMadeAtHqAndReachTheirBranches(String store) throws Exception {
        int mqttPort = LocalPorts.free();
        List<String> args = new ArrayList<>(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme"));
        if (!store.equals("sqlite")) {
            args.addAll(List.of("--db", store));
        }
        try (Hq started = Hq.start(HqConfig.parse(args), Clock.systemUTC(), List.of());
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             MqttLink branches = branchLink(mqttPort).start()) {
            hq = started;
            http = client;
            verifier = new Ed25519.Verifier(Ed25519.publicKey(hq.publicKeyPem(), "HQ"));
            Await.until("both links connected", () -> branches.connected() && hq.brokerConnected());
            a.append("till.started", "{}");
            b.append("till.started", "{}");
            upload(branches, "A", a);
            upload(branches, "B", b);

            badTransfersAreProblemsAndStoreNothing();
            String id = aTransferMadeAtHqGoesToBothAndClosesOnceReceived(branches);
            purchaseOrdersAreMadeSentAndClosed();
            theCommandsPrintAndMakeThem(id);
            assertThat(hq.alarms()).isEmpty();
        }
    }

    private void badTransfersAreProblemsAndStoreNothing() throws Exception {
        String ok = "[{\"sku\":\"COF-250\",\"qty\":5}]";
        problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"A\",\"lines\":" + ok + "}"), 422, "same-branch");
        problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"ghost\",\"lines\":" + ok + "}"), 422, "unknown-branch");
        problem(post("/api/v1/transfers", "{\"from\":\"A/x\",\"to\":\"B\",\"lines\":" + ok + "}"), 400, "invalid-branch");
        problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\",\"lines\":[]}"), 400, "invalid-lines");
        problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\"}"), 400, "invalid-lines");
        for (String qty : List.of("0", "1000001", "-1", "2.5", "\"3\"")) {
            problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\",\"lines\":[{\"sku\":\"X\",\"qty\":" + qty + "}]}"),
                    400, "invalid-qty");
        }
        for (String sku : List.of("\" \"", "\"" + "S".repeat(65) + "\"", "7")) {
            problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\",\"lines\":[{\"sku\":" + sku + ",\"qty\":1}]}"),
                    400, "invalid-sku");
        }
        problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\",\"lines\":[{\"sku\":\"X\",\"qty\":1},"
                + "{\"sku\":\"X\",\"qty\":2}]}"), 400, "duplicate-sku");
        problem(post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\",\"note\":\"" + "n".repeat(501) + "\",\"lines\":"
                + ok + "}"), 400, "invalid-note");
        problem(post("/api/v1/transfers", "not json"), 400, "invalid-json");
        problem(post("/api/v1/transfers", "[1]"), 400, "invalid-json");
        problem(get("/api/v1/transfers?status=LOST"), 400, "invalid-status");
        problem(get("/api/v1/transfers/nope"), 404, "not-found");
        problem(post("/api/v1/transfers/nope/close", ""), 404, "not-found");
        assertThat(json(get("/api/v1/transfers")).path("transfers")).isEmpty();
        assertThat(commands).isEmpty();
    }

    private String aTransferMadeAtHqGoesToBothAndClosesOnceReceived(MqttLink branches) throws Exception {
        HttpResponse<String> made = post("/api/v1/transfers", "{\"from\":\"A\",\"to\":\"B\",\"note\":\"Adventsmarkt\","
                + "\"lines\":[{\"sku\":\"COF-250\",\"qty\":5},{\"sku\":\"BAK-CRO\",\"qty\":2}]}");
        assertThat(made.statusCode()).isEqualTo(201);
        JsonNode t = json(made);
        String id = t.path("transferId").asText();
        assertThat(t.path("status").asText()).isEqualTo("PENDING");
        assertThat(t.path("requestedBy").asText()).isEqualTo("hq");
        assertThat(t.path("steps").toString()).contains("\"branch\":\"hq\"").contains("\"name\":\"requested\"");
        Await.until("the request at both branches", () -> commands.size() == 2);
        assertThat(supplyCommands()).extracting(c -> c.branch() + "#" + c.seq() + " " + c.doc().path("status").asText())
                .containsExactlyInAnyOrder("A#1 PENDING", "B#1 PENDING");
        assertThat(commands).extracting(c -> c[1]).containsExactlyInAnyOrder("dev-a", "dev-b");

        problem(post("/api/v1/transfers/" + id + "/close", "{\"reason\":\"too early\"}"), 409, "transfer-not-received");
        a.append("transfer.approved", Map.of("transferId", id, "actor", "staff:anna", "at", "2026-12-07T09:00:00Z"));
        a.append("transfer.shipped", Map.of("transferId", id, "actor", "staff:anna", "at", "2026-12-07T09:10:00Z",
                "lines", List.of(Map.of("sku", "COF-250", "shipped", 5), Map.of("sku", "BAK-CRO", "shipped", 2)),
                "stock", List.of(Map.of("sku", "COF-250", "delta", -5), Map.of("sku", "BAK-CRO", "delta", -2))));
        upload(branches, "A", a);
        b.append("transfer.received", Map.of("transferId", id, "actor", "staff:ben", "at", "2026-12-07T12:00:00Z",
                "lines", List.of(Map.of("sku", "COF-250", "received", 5), Map.of("sku", "BAK-CRO", "received", 2)),
                "status", "RECEIVED",
                "stock", List.of(Map.of("sku", "COF-250", "delta", 5), Map.of("sku", "BAK-CRO", "delta", 2))));
        upload(branches, "B", b);
        Await.until("approved, shipped at B and received at A", () -> commands.size() == 5);

        HttpResponse<String> closed = post("/api/v1/transfers/" + id + "/close", "{\"reason\":\"all there\"}");
        assertThat(closed.statusCode()).isEqualTo(200);
        assertThat(json(closed).path("status").asText()).isEqualTo("CLOSED");
        Await.until("the close at both branches", () -> commands.size() == 7);
        assertThat(supplyCommands().subList(5, 7)).allSatisfy(c -> {
            assertThat(c.doc().path("step").path("name").asText()).isEqualTo("closed");
            assertThat(c.doc().path("step").path("branch").asText()).isEqualTo("hq");
            assertThat(c.doc().path("step").path("reason").asText()).isEqualTo("all there");
        }).extracting(c -> c.branch() + "#" + c.seq()).containsExactlyInAnyOrder("A#3", "B#4");
        assertThat(post("/api/v1/transfers/" + id + "/close", "").body()).as("closed again: unchanged")
                .isEqualTo(closed.body());
        assertThat(json(get("/api/v1/transfers?branch=B&status=CLOSED")).path("transfers")).hasSize(1);
        assertThat(json(get("/api/v1/transfers?branch=C")).path("transfers")).isEmpty();
        assertThat(json(get("/api/v1/transfers/" + id)).path("steps")).extracting(s -> s.path("name").asText())
                .containsExactly("requested", "approved", "shipped", "received", "closed");
        assertThat(json(get("/api/v1/stock?sku=COF-250")).path("stock")).extracting(s -> s.path("onHand").asLong())
                .containsExactly(-5L, 5L);
        assertThat(commands).as("nothing more for the second close").hasSize(7);
        return id;
    }

    private void purchaseOrdersAreMadeSentAndClosed() throws Exception {
        String lines = "[{\"sku\":\"COF-250\",\"qty\":20}]";
        problem(post("/api/v1/purchase-orders", "{\"branch\":\"ghost\",\"supplier\":\"S\",\"lines\":" + lines + "}"), 422,
                "unknown-branch");
        problem(post("/api/v1/purchase-orders", "{\"branch\":\"B\",\"lines\":" + lines + "}"), 400, "invalid-supplier");
        problem(post("/api/v1/purchase-orders", "{\"branch\":\"B\",\"supplier\":\"S\",\"lines\":[{\"sku\":\"X\"}]}"), 400,
                "invalid-qty");
        assertThat(json(get("/api/v1/purchase-orders")).path("purchaseOrders")).isEmpty();
        HttpResponse<String> made = post("/api/v1/purchase-orders", "{\"branch\":\"B\",\"supplier\":\"Rösterei Nord\","
                + "\"lines\":" + lines + "}");
        assertThat(made.statusCode()).isEqualTo(201);
        String po = json(made).path("poId").asText();
        assertThat(json(made).path("status").asText()).isEqualTo("DRAFT");
        problem(post("/api/v1/purchase-orders/" + po + "/close", ""), 409, "po-not-open");
        assertThat(json(post("/api/v1/purchase-orders/" + po + "/send", "")).path("status").asText()).isEqualTo("SENT");
        problem(post("/api/v1/purchase-orders/" + po + "/send", ""), 409, "po-not-draft");
        Await.until("the order at B", () -> commands.size() == 8);
        SupplyCommand sent = supplyCommands().get(7);
        assertThat(sent.branch() + "#" + sent.seq() + " " + sent.kind()).isEqualTo("B#5 purchase-order");
        assertThat(sent.doc().path("lines").toString()).isEqualTo("[{\"ordered\":20,\"received\":0,\"sku\":\"COF-250\"}]");
        assertThat(json(get("/api/v1/purchase-orders?branch=B&status=SENT")).path("purchaseOrders")).hasSize(1);
        assertThat(json(get("/api/v1/purchase-orders?branch=A")).path("purchaseOrders")).isEmpty();
        JsonNode closed = json(post("/api/v1/purchase-orders/" + po + "/close", "{\"reason\":\"supplier gave up\"}"));
        assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("closeReason").asText()).isEqualTo("supplier gave up");
        Await.until("the close at B", () -> commands.size() == 9);
    }

    private void theCommandsPrintAndMakeThem(String closedId) throws Exception {
        Cli made = cli("transfer", "create", "--from", "B", "--to", "A", "--line", "MUG-01=3", "--note", "spare mugs");
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains(": B -> A, PENDING — spare mugs").containsPattern("MUG-01 +3 +0 +0");
        Cli list = cli("transfers", "--branch", "A");
        assertThat(list.out()).contains(closedId).containsPattern("B +A +PENDING").contains("2 transfer(s)");
        assertThat(cli("transfer", "show", closedId).out()).contains("closed by hq (hq): all there");
        assertThat(cli("transfer", "close", closedId, "--json").out()).contains("\"status\":\"CLOSED\"");
        Cli refused = cli("transfer", "create", "--from", "B", "--to", "B", "--line", "X=1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("HQ refused (422)");
        assertThat(cli("transfer", "create", "--from", "B", "--to", "A", "--line", "X").code()).isEqualTo(2);

        Cli po = cli("po", "create", "--branch", "A", "--supplier", "Mühle", "--line", "FLOUR=10", "--json");
        String poId = SyncCodec.MAPPER.readTree(po.out()).path("poId").asText();
        assertThat(cli("po", "send", poId).out()).contains("purchase order " + poId + ": A from Mühle, SENT")
                .containsPattern("FLOUR +10 +0");
        assertThat(cli("pos", "--status", "SENT").out()).contains(poId).contains("1 purchase order(s)");
        assertThat(cli("po", "close", poId, "--reason", "short").out()).contains("CLOSED (closed: short)");
        assertThat(cli("po", "show", "nope").err()).contains("HQ refused (404)");
    }

    private List<SupplyCommand> supplyCommands() {
        synchronized (commands) {
            return commands.stream().map(c -> SyncCodec.decode(c[0].getBytes(StandardCharsets.UTF_8), SignedMessage.class)
                    .open(verifier, SupplyCommand.class)).toList();
        }
    }

    private static void problem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(HqServer.PROBLEM);
        assertThat(json(r).path("type").asText()).isEqualTo("urn:wk-edge:problem:" + type);
    }

    private record Cli(int code, String out, String err) {
    }

    private Cli cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--hq", "http://127.0.0.1:" + hq.port(), "--hq-state-dir", dir.resolve("hq").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = HqMain.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Both branches' stand-in: takes acks and keeps every supply command with the device it was for. */
    private MqttLink branchLink(int mqttPort) {
        return new MqttLink(new MqttLink.Options("tcp://127.0.0.1:" + mqttPort, "branches-test",
                List.of(Topics.downAck("acme", "A"), Topics.downAck("acme", "B"), Topics.downCmd("acme", "A"),
                        Topics.downCmd("acme", "B")), null, 1_000, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                (topic, payload) -> {
                    if (topic.endsWith("/down/ack")) {
                        Ack ack = SyncCodec.decode(payload, Ack.class);
                        acks.merge(ack.device(), ack.ackedSeq(), Math::max);
                    } else {
                        Command cmd = SyncCodec.decode(payload, Command.class);
                        if (cmd.kind().equals(Command.SUPPLY)) {
                            commands.add(new String[] {cmd.body(), cmd.device()});
                        }
                    }
                }, () -> { });
    }

    private void upload(MqttLink link, String branch, TillEntries till) {
        link.publish(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, 1)), false).join();
        long head = till.entries().size();
        Await.until(branch + " acked up to " + head, () -> acks.getOrDefault(till.device(), 0L) == head);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return SyncCodec.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + hq.port() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + hq.adminToken().value())
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.hq.TillEntries.Line;
import com.wkpos.edge.hq.TillEntries.Pay;
import com.wkpos.edge.protocol.Ack;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An operator sees at HQ what the branches sold: two branch stand-ins upload sales, a refund and a void
 * through the embedded broker to a running HQ (on SQLite, and on PostgreSQL when reachable); the admin API
 * on a random loopback port lists and sums them, shows stock, refuses bad parameters as problems, and
 * {@code wk-edge hq sales} and {@code hq stock} print them. A re-delivered batch changes no figure.
 */
class SalesIT {
    private static final String ALL_SALES_NEWEST_FIRST = "n2,n1,s2,s1";
    @TempDir
    Path dir;
    private Hq hq;
    private HttpClient http;
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    private final List<Long> ackCount = java.util.Collections.synchronizedList(new ArrayList<>());

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void hqListsSumsAndPrintsTheBranchesSalesRefundsAndStock(String store) throws Exception {
        int mqttPort = LocalPorts.free();
        List<String> args = new ArrayList<>(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme"));
        if (!store.equals("sqlite")) {
            args.addAll(List.of("--db", store));
        }
        TillEntries nord = new TillEntries("dev-nord");
        nord.sale("n1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("COF-250", 2, 998, 159),
                new Line("BAK-CRO", 1, 129, 8)), List.of(new Pay("CASH", 2000)));
        nord.sale("n2", 2, "2026-11-21T15:30:00Z", "Ben", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CARD", 499)));
        nord.refund(SalesProjector.REFUND, "r1", "n1", "2026-11-21T16:00:00Z", "COF-250", 1, 499);
        TillEntries sued = new TillEntries("dev-sued");
        sued.sale("s1", 1, "2026-11-20T10:00:00Z", "Cem", List.of(new Line("BAK-CRO", 3, 387, 25)),
                List.of(new Pay("CASH", 400)));
        sued.sale("s2", 2, "2026-11-21T08:00:00Z", "Cem", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CASH", 500)));
        sued.refund(SalesProjector.VOID, "v1", "s2", "2026-11-21T08:05:00Z", "COF-250", 1, 499);

        try (Hq started = Hq.start(HqConfig.parse(args), Clock.systemUTC(), List.of());
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             MqttLink branches = branchLink(mqttPort).start()) {
            hq = started;
            http = client;
            Await.until("both links connected", () -> branches.connected() && hq.brokerConnected());
            upload(branches, "nord", nord);
            upload(branches, "sued", sued);

            theRoutesAnswer();
            badParametersAreProblemsAndChangeNothing();
            String before = get("/api/v1/sales/summary").body();
            upload(branches, "nord", nord);
            upload(branches, "sued", sued);
            assertThat(get("/api/v1/sales/summary").body()).as("re-delivered batches").isEqualTo(before);
            assertThat(saleIds(get("/api/v1/sales"))).isEqualTo(ALL_SALES_NEWEST_FIRST);
            theCommandsPrintThem();
            assertThat(hq.alarms()).isEmpty();
        }
    }

    private void theRoutesAnswer() throws Exception {
        JsonNode all = json(get("/api/v1/sales"));
        assertThat(saleIds(get("/api/v1/sales"))).as("newest first").isEqualTo(ALL_SALES_NEWEST_FIRST);
        assertThat(all.path("limit").asInt()).isEqualTo(100);
        assertThat(all.path("zone").asText()).isEqualTo("Europe/Berlin");
        JsonNode n1 = all.path("sales").get(1);
        assertThat(n1.path("branch").asText()).isEqualTo("nord");
        assertThat(n1.path("invoiceNo").asLong()).isEqualTo(1);
        assertThat(n1.path("occurredAt").asText()).isEqualTo("2026-11-21T09:15:00Z");
        assertThat(n1.path("total").asLong()).isEqualTo(1127);
        assertThat(n1.path("tax").asLong()).isEqualTo(167);
        assertThat(n1.path("net").asLong()).isEqualTo(960);
        assertThat(n1.path("lines").asInt()).isEqualTo(2);
        assertThat(n1.path("cashier").asText()).isEqualTo("Anna");
        assertThat(n1.path("refunded").asLong()).isEqualTo(499);
        assertThat(n1.path("payments").toString()).isEqualTo("[{\"amount\":2000,\"method\":\"CASH\",\"reference\":null}]");

        assertThat(saleIds(get("/api/v1/sales?branch=nord&from=2026-11-21&to=2026-11-21&limit=1"))).isEqualTo("n2");
        assertThat(saleIds(get("/api/v1/sales?to=2026-11-20"))).isEqualTo("s1");
        assertThat(saleIds(get("/api/v1/sales?branch=elsewhere"))).isEmpty();

        JsonNode day = json(get("/api/v1/sales/summary?from=2026-11-21&to=2026-11-21"));
        assertThat(day.path("branches").toString()).isEqualTo("[" + sums("nord", 2, 1626, 247, 1, 499, 1127) + ","
                + sums("sued", 1, 499, 80, 1, 499, 0) + "]");
        assertThat(day.path("totals").get(0).path("net").asLong()).isEqualTo(1127);
        JsonNode ever = json(get("/api/v1/sales/summary"));
        assertThat(ever.path("totals").toString()).isEqualTo("[" + sums(null, 4, 2512, 352, 2, 998, 1514) + "]");

        assertThat(json(get("/api/v1/stock?branch=nord")).path("stock").toString()).isEqualTo(
                "[{\"branch\":\"nord\",\"movement\":-1,\"moves\":1,\"onHand\":-1,\"sku\":\"BAK-CRO\"},"
                        + "{\"branch\":\"nord\",\"movement\":-2,\"moves\":3,\"onHand\":-2,\"sku\":\"COF-250\"}]");
        assertThat(json(get("/api/v1/stock?sku=COF-250")).path("stock")).extracting(r -> r.path("branch").asText()
                + "=" + r.path("onHand").asLong()).containsExactly("nord=-2", "sued=0");
    }

    private static String sums(String branch, long sales, long gross, long tax, long refundCount, long refunds, long net) {
        return "{" + (branch == null ? "" : "\"branch\":\"" + branch + "\",") + "\"currency\":\"EUR\",\"gross\":" + gross
                + ",\"net\":" + net + ",\"refundCount\":" + refundCount + ",\"refunds\":" + refunds + ",\"sales\":"
                + sales + ",\"tax\":" + tax + "}";
    }

    private void badParametersAreProblemsAndChangeNothing() throws Exception {
        String list = get("/api/v1/sales").body();
        String summary = get("/api/v1/sales/summary").body();
        Map<String, String> bad = Map.ofEntries(
                Map.entry("/api/v1/sales?from=2026-13-01", "invalid-date"),
                Map.entry("/api/v1/sales?to=21.11.2026", "invalid-date"),
                Map.entry("/api/v1/sales?from=2026-02-30", "invalid-date"),
                Map.entry("/api/v1/sales?from=2026-11-22&to=2026-11-21", "invalid-date"),
                Map.entry("/api/v1/sales?limit=0", "invalid-limit"),
                Map.entry("/api/v1/sales?limit=1001", "invalid-limit"),
                Map.entry("/api/v1/sales?limit=ten", "invalid-limit"),
                Map.entry("/api/v1/sales?zone=Mars/Olympus", "invalid-zone"),
                Map.entry("/api/v1/sales?branch=no%20such", "invalid-request"),
                Map.entry("/api/v1/sales/summary?to=yesterday", "invalid-date"),
                Map.entry("/api/v1/stock?sku=", "invalid-sku"),
                Map.entry("/api/v1/stock?branch=a/b", "invalid-request"));
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> r = get(b.getKey());
            assertThat(r.statusCode()).as(b.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(b.getKey()).hasValue(HqServer.PROBLEM);
            JsonNode problem = json(r);
            assertThat(problem.path("type").asText()).as(b.getKey()).isEqualTo("urn:wk-edge:problem:" + b.getValue());
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asText()).as(b.getKey()).isNotBlank();
        }
        assertThat(json(get("/api/v1/sales?from=2026-13-01")).path("detail").asText())
                .isEqualTo("from must be a date yyyy-MM-dd, was '2026-13-01'");
        assertThat(send("/api/v1/sales", null).statusCode()).as("no token").isEqualTo(401);
        assertThat(get("/api/v1/sales").body()).isEqualTo(list);
        assertThat(get("/api/v1/sales/summary").body()).isEqualTo(summary);
    }

    private void theCommandsPrintThem() throws Exception {
        Cli sales = cli("sales");
        assertThat(sales.code()).as(sales.err()).isZero();
        assertThat(sales.out()).contains("BRANCH", "INVOICE", "CASHIER", "TOTAL", "PAYMENTS")
                .containsPattern("nord +1  2026-11-21 10:15 +Anna +2 +11,27 +1,67 +4,99  CASH 20,00, change 8,73\n")
                .containsPattern("sued +1  2026-11-20 11:00 +Cem +1 +3,87 +0,25 +0,00  CASH 4,00, change 0,13\n")
                .contains("nord: 2 sales, gross 16,26 EUR, refunds 4,99 EUR (1), net 11,27 EUR")
                .contains("sued: 2 sales, gross 8,86 EUR, refunds 4,99 EUR (1), net 3,87 EUR")
                .contains("total: 4 sales, gross 25,12 EUR, refunds 9,98 EUR (2), net 15,14 EUR, all days (Europe/Berlin)");

        Cli newest = cli("sales", "--branch", "nord", "--from", "2026-11-21", "--to", "2026-11-21", "--limit", "1");
        assertThat(newest.out()).contains("the newest 1 of 2 sales").containsPattern("nord +2  2026-11-21 16:30 +Ben")
                .doesNotContain("Anna").contains("total: 2 sales, gross 16,26 EUR, refunds 4,99 EUR (1), net 11,27 EUR,"
                        + " 2026-11-21 to 2026-11-21 (Europe/Berlin)");

        Cli json = cli("sales", "--branch", "sued", "--json");
        assertThat(json.code()).isZero();
        JsonNode both = SyncCodec.MAPPER.readTree(json.out());
        assertThat(both.path("sales").path("sales")).extracting(s -> s.path("saleId").asText()).containsExactly("s2", "s1");
        assertThat(both.path("summary").path("totals").get(0).path("net").asLong()).isEqualTo(387);

        Cli badDate = cli("sales", "--from", "2026-13-01");
        assertThat(badDate.code()).isEqualTo(1);
        assertThat(badDate.out()).isEmpty();
        assertThat(badDate.err()).contains("HQ refused (400): from must be a date yyyy-MM-dd, was '2026-13-01'");
        assertThat(cli("sales", "--limit", "many").err()).contains("HQ refused (400): limit must be an integer 1..1000");

        Cli stock = cli("stock", "--branch", "nord");
        assertThat(stock.code()).isZero();
        assertThat(stock.out()).containsPattern("nord +COF-250 +-2 +3").containsPattern("nord +BAK-CRO +-1 +1")
                .doesNotContain("sued").contains("no opening stock");
        Cli stockJson = cli("stock", "--sku", "BAK-CRO", "--json");
        assertThat(SyncCodec.MAPPER.readTree(stockJson.out()).path("stock")).extracting(r -> r.path("branch").asText())
                .containsExactly("nord", "sued");
        assertThat(cli("stock", "--sku", "").code()).isEqualTo(1);
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

    private MqttLink branchLink(int mqttPort) {
        return new MqttLink(new MqttLink.Options("tcp://127.0.0.1:" + mqttPort, "branches-test",
                List.of(Topics.downAck("acme", "nord"), Topics.downAck("acme", "sued")), null, 1_000,
                Duration.ofSeconds(10), Duration.ofSeconds(1)), (topic, payload) -> {
            Ack ack = SyncCodec.decode(payload, Ack.class);
            acks.merge(ack.device(), ack.ackedSeq(), Math::max);
            ackCount.add(ack.ackedSeq());
        }, () -> { });
    }

    /** Publishes the till's whole journal as one batch and waits for HQ's answer to it. */
    private void upload(MqttLink link, String branch, TillEntries till) {
        int answers = ackCount.size();
        link.publish(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, 1)), false).join();
        long head = till.entries().size();
        Await.until(branch + " acked up to " + head, () -> ackCount.size() > answers
                && acks.getOrDefault(till.device(), 0L) == head);
    }

    private static String saleIds(HttpResponse<String> r) throws Exception {
        List<String> ids = new ArrayList<>();
        json(r).path("sales").forEach(s -> ids.add(s.path("saleId").asText()));
        return String.join(",", ids);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return SyncCodec.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = send(path, hq.adminToken().value());
        if (r.statusCode() == 200) {
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
        }
        return r;
    }

    private HttpResponse<String> send(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}

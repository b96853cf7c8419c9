package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.Head;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The LAN API over real HTTP on a random port, against a real SQLite journal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SaleApiIT {
    private static final String SALE = """
            {"lines":[{"sku":"COF-250","qty":2}],"coupon":"WELCOME10","payments":[{"method":"CASH","amount":2000}]}""";

    @TempDir
    static Path dir;
    private Agent agent;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir);
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--demo-till"))), Clock.systemUTC());
        http = Http.cashier(agent);
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void saleIsCreatedAndReadBack() throws Exception {
        Http.Response r = http.post("/api/v1/sales", SALE, UUID.randomUUID().toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode sale = r.json();
        assertThat(sale.get("total").asLong()).isEqualTo(1258);
        assertThat(sale.get("change").asLong()).isEqualTo(742);
        assertThat(sale.get("currency").asText()).isEqualTo("EUR");
        assertThat(sale.get("invoiceNo").asLong()).isPositive();
        assertThat(sale.get("lines").get(0).get("promotions").get(0).asText()).isEqualTo("welcome10");
        assertThat(r.raw().headers().firstValue("Location")).hasValue("/api/v1/sales/" + sale.get("id").asText());
        Http.Response got = http.get("/api/v1/sales/" + sale.get("id").asText());
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()).isEqualTo(r.body());
    }

    @Test
    void retryWithTheSameKeyReturnsTheFirstAnswerAndMakesNoSecondSale() throws Exception {
        String key = UUID.randomUUID().toString();
        Http.Response first = http.post("/api/v1/sales", SALE, key);
        Head head = agent.journal().head();
        Http.Response again = http.post("/api/v1/sales", SALE, key);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.raw().headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(agent.journal().head()).isEqualTo(head);
    }

    @Test
    void sameKeyWithAnotherBodyIs422AndWritesNothing() throws Exception {
        String key = UUID.randomUUID().toString();
        http.post("/api/v1/sales", SALE, key);
        Head head = agent.journal().head();
        Http.Response r = http.post("/api/v1/sales", SALE.replace("\"qty\":2", "\"qty\":1"), key);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("type").asText()).isEqualTo("urn:wk-edge:problem:idempotency-key-reused");
        assertThat(agent.journal().head()).isEqualTo(head);
    }

    @Test
    void concurrentRequestsWithOneKeyProduceOneSale() throws Exception {
        String key = UUID.randomUUID().toString();
        long seq = agent.journal().head().seq();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> http.post("/api/v1/sales", SALE, key)));
            }
            List<String> bodies = new ArrayList<>();
            for (Future<Http.Response> f : answers) {
                Http.Response r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.status()).isEqualTo(201);
                bodies.add(r.body());
            }
            assertThat(bodies).containsOnly(bodies.getFirst());
        }
        assertThat(agent.journal().head().seq()).isEqualTo(seq + 1);
    }

    static Stream<Arguments> badSales() {
        String big = "{\"lines\":[" + "{\"sku\":\"COF-250\",\"qty\":1},".repeat(50_000) + "{\"sku\":\"COF-250\",\"qty\":1}],"
                + "\"payments\":[{\"method\":\"CASH\",\"amount\":2000}]}";
        return Stream.of(
                Arguments.of("malformed JSON", "{\"lines\":[", "k", 400, "malformed-json"),
                Arguments.of("truncated JSON", SALE.substring(0, SALE.length() - 3), "k", 400, "malformed-json"),
                Arguments.of("empty body", "", "k", 400, "malformed-json"),
                Arguments.of("not an object", "[1,2]", "k", 400, "invalid-field"),
                Arguments.of("duplicate key", SALE.replace("\"coupon\"", "\"lines\":[],\"coupon\""), "k", 400, "malformed-json"),
                Arguments.of("unknown SKU", SALE.replace("COF-250", "NO-SUCH"), "k", 422, "unknown-product"),
                Arguments.of("unknown barcode", SALE.replace("\"sku\":\"COF-250\"", "\"barcode\":\"0000000000000\""), "k", 422,
                        "unknown-product"),
                Arguments.of("quantity zero", SALE.replace("\"qty\":2", "\"qty\":0"), "k", 400, "invalid-request"),
                Arguments.of("quantity negative", SALE.replace("\"qty\":2", "\"qty\":-3"), "k", 400, "invalid-request"),
                Arguments.of("quantity absurd", SALE.replace("\"qty\":2", "\"qty\":10001"), "k", 400, "invalid-request"),
                Arguments.of("quantity fractional", SALE.replace("\"qty\":2", "\"qty\":1.5"), "k", 400, "invalid-field"),
                Arguments.of("money fractional", SALE.replace("2000", "20.5"), "k", 400, "invalid-field"),
                Arguments.of("money as string", SALE.replace("2000", "\"2000\""), "k", 400, "invalid-field"),
                Arguments.of("money huge", SALE.replace("2000", "99999999999999999999"), "k", 400, "invalid-field"),
                Arguments.of("payment short", SALE.replace("2000", "1000"), "k", 422, "payment-short"),
                Arguments.of("card paying more than the total", SALE.replace("CASH", "CARD"), "k", 422,
                        "split-mismatch"),
                Arguments.of("payment method unknown", SALE.replace("CASH", "BITCOIN"), "k", 400, "invalid-request"),
                Arguments.of("unknown coupon", SALE.replace("WELCOME10", "FREESTUFF"), "k", 422, "unknown-coupon"),
                Arguments.of("unknown top-level field", SALE.replace("\"coupon\"", "\"discount\":5,\"coupon\""), "k", 400,
                        "unknown-field"),
                Arguments.of("unknown line field", SALE.replace("\"qty\":2", "\"qty\":2,\"price\":1"), "k", 400, "unknown-field"),
                Arguments.of("no lines", "{\"lines\":[],\"payments\":[{\"method\":\"CASH\",\"amount\":2000}]}", "k", 400,
                        "invalid-request"),
                Arguments.of("no payments", "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}]}", "k", 400, "invalid-request"),
                Arguments.of("body over 1 MiB", big, "k", 413, "payload-too-large"),
                Arguments.of("missing Idempotency-Key", SALE, null, 400, "invalid-request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSales")
    void badInputIsRefusedWithAProblemAndWritesNothing(String name, String body, String key, int status, String type)
            throws Exception {
        Head head = agent.journal().head();
        Http.Response r = http.post("/api/v1/sales", body, key == null ? null : key + UUID.randomUUID());
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).isEqualTo("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:wk-edge:problem:" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asText()).isNotBlank();
        assertThat(agent.journal().head()).isEqualTo(head);
        assertThat(http.get("/api/v1/health").json().get("journal").get("head").asText()).isEqualTo(head.hash());
    }

    @Test
    void aSaleWithoutALoggedInCashierIs401AndWritesNothing() throws Exception {
        Http screen = Http.paired(agent);
        Head head = agent.journal().head();
        Http.Response r = screen.post("/api/v1/sales", SALE, UUID.randomUUID().toString());
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.json().get("type").asText()).isEqualTo("urn:wk-edge:problem:login-required");
        Http.Response forged = screen.withStaff("not-a-session").post("/api/v1/sales", SALE, UUID.randomUUID().toString());
        assertThat(forged.status()).as(forged.body()).isEqualTo(401);
        assertThat(agent.journal().head()).isEqualTo(head);
    }

    @Test
    void quoteWritesNothing() throws Exception {
        Head head = agent.journal().head();
        Http.Response r = http.post("/api/v1/sales/quote", "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":2}],\"coupon\":\"WELCOME10\"}", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asLong()).isEqualTo(1258);
        assertThat(r.json().get("discount").asLong()).isEqualTo(140);
        assertThat(agent.journal().head()).isEqualTo(head);
        Http.Response withPayments = http.post("/api/v1/sales/quote", SALE, null);
        assertThat(withPayments.status()).isEqualTo(400);
    }

    @Test
    void productsStockAndHealthAnswer() throws Exception {
        JsonNode found = http.get("/api/v1/products?q=house%20blend").json();
        assertThat(found.get("items").findValuesAsText("sku")).contains("COF-250");
        assertThat(http.get("/api/v1/products?limit=0").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/products/by-barcode/4006381333931").json().get("sku").asText()).isEqualTo("COF-250");
        assertThat(http.get("/api/v1/products/by-barcode/1").status()).isEqualTo(404);
        JsonNode stock = http.get("/api/v1/stock/BAK-CRO").json();
        assertThat(stock.has("onHand")).isTrue();
        assertThat(http.get("/api/v1/stock/NOPE").status()).isEqualTo(404);
        JsonNode health = http.get("/api/v1/health").json();
        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("deviceId").asText()).isEqualTo(agent.journal().deviceId());
        assertThat(health.get("journal").get("seq").asLong()).isPositive();
        assertThat(health.get("journal").get("head").asText()).hasSize(64);
        Http.Response missing = http.get("/api/v1/nothing-here");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void openApiDocumentDescribesEveryRoute() throws Exception {
        JsonNode doc = http.get("/api/v1/openapi.json").json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/v1/sales", "/api/v1/sales/quote", "/api/v1/sales/{id}", "/api/v1/products",
                "/api/v1/products/by-barcode/{code}", "/api/v1/stock/{sku}", "/api/v1/health", "/api/v1/openapi.json",
                "/api/v1/sales/{id}/receipt", "/api/v1/sales/{id}/receipts");
        assertThat(doc.at("/paths/~1api~1v1~1sales/post/responses/201")).isNotNull();
        Iterator<String> schemas = doc.at("/components/schemas").fieldNames();
        assertThat(schemas.hasNext()).isTrue();
    }

    @Test
    void statusPageAndMetricsShowTheJournal() throws Exception {
        Http.Response page = http.get("/");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains(agent.journal().deviceId()).contains("Journal").contains("no devices configured");
        Http.Response metrics = http.get("/metrics");
        assertThat(metrics.body()).contains("wk_edge_journal_seq ").contains("wk_edge_journal_commits_total ");
    }

    @Test
    void screensHearLowStockOverTheEventsSocket() throws Exception {
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.client().newWebSocketBuilder()
                .header("Authorization", "Bearer " + http.token())
                .buildAsync(http.wsUri("/api/v1/events"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            assertThat(messages.poll(10, TimeUnit.SECONDS)).as("the connected message").contains("\"type\":\"connected\"");
            long onHand = http.get("/api/v1/stock/COF-500").json().get("onHand").asLong();
            String body = "{\"lines\":[{\"sku\":\"COF-500\",\"qty\":" + (onHand + 1) + "}],"
                    + "\"payments\":[{\"method\":\"CASH\",\"amount\":100000000}]}";
            assertThat(http.post("/api/v1/sales", body, UUID.randomUUID().toString()).status()).isEqualTo(201);
            String message = messages.poll(10, TimeUnit.SECONDS);
            assertThat(message).isNotNull().contains("\"type\":\"stock.low\"").contains("COF-500");
            assertThat(http.get("/api/v1/stock/COF-500").json().get("onHand").asLong()).isEqualTo(-1);
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}

package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An operator reads the back office of every branch at HQ: two branches of acme and a rival tenant upload their
 * jobs, payments, expenses and sales ({@link BackOfficeScenario}) through the embedded broker to a running HQ (on
 * SQLite, and on PostgreSQL when reachable); {@code /api/v1/reports/…} answers JSON and CSV, keeps each tenant to
 * its own branches, refuses bad parameters as problems, and {@code wk-edge hq report} prints the same figures.
 */
class BackOfficeReportsIT {
    @TempDir
    Path dir;
    private Hq hq;
    private HttpClient http;
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    private final AtomicInteger answers = new AtomicInteger();

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void hqReportsTheBranchesBackOfficeOverHttpAndOnTheCommandLine(String store) throws Exception {
        int mqttPort = LocalPorts.free();
        List<String> args = new ArrayList<>(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme"));
        if (!store.equals("sqlite")) {
            args.addAll(List.of("--db", store));
        }
        BackOfficeScenario s = new BackOfficeScenario();
        try (Hq started = Hq.start(HqConfig.parse(args), Clock.systemUTC(), List.of());
             HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
             MqttLink branches = branchLink(mqttPort).start()) {
            hq = started;
            http = client;
            Await.until("both links connected", () -> branches.connected() && hq.brokerConnected());
            upload(branches, "acme", "nord", s.nord);
            upload(branches, "acme", "sued", s.sued);
            upload(branches, "rival", "nord", s.rival);

            String monthly = "/api/v1/reports/monthly?from=2026-09-01&to=2026-11-30";
            JsonNode m = json(get(monthly));
            assertThat(m.path("report").asText()).isEqualTo("monthly");
            assertThat(m.path("tenant").asText()).as("HQ's --tenant by default").isEqualTo("acme");
            assertThat(m.path("months")).extracting(x -> x.path("month").asText() + " " + x.path("revenue") + " "
                    + x.path("expenses") + " " + x.path("profit"))
                    .containsExactly("2026-09 4000 0 4000", "2026-10 0 0 0", "2026-11 21750 50000 -28250");
            assertThat(m.path("received")).extracting(r -> r.path("branch").asText() + "=" + r.path("ackedSeq"))
                    .containsExactly("nord=9", "sued=6");

            HttpResponse<String> csv = get(monthly + "&format=csv");
            assertThat(csv.statusCode()).isEqualTo(200);
            assertThat(csv.headers().firstValue("Content-Type")).hasValue(BackOfficeRoutes.CSV);
            assertThat(csv.body()).isEqualTo("month,salesNet,serviceRevenue,revenue,expenses,profit\r\n"
                    + "2026-09,0,4000,4000,0,4000\r\n2026-10,0,0,0,0,0\r\n2026-11,1250,20500,21750,50000,-28250\r\n"
                    + "Total,1250,24500,25750,50000,-24250\r\n");
            HttpResponse<String> accepted = send(monthly, hq.adminToken().value(), "text/csv");
            assertThat(accepted.body()).as("Accept: text/csv").isEqualTo(csv.body());
            assertThat(send("/api/v1/reports/customer-statement?from=2026-11-01&to=2026-11-30&customer=c1&branch=nord",
                    hq.adminToken().value(), "text/csv").body()).isEqualTo("date,kind,branch,description,debit,credit,"
                    + "balance\r\n2026-11-01,OPENING,-,balance brought forward,0,0,4000\r\n2026-11-03,JOB,nord,"
                    + "Teppichreinigung,12000,0,16000\r\n2026-11-03,PAYMENT,nord,CASH for job j1,0,5000,11000\r\n"
                    + "2026-11-10,ADJUSTMENT,nord,agreed with the customer,0,2000,9000\r\n2026-11-12,PAYMENT,nord,"
                    + "\"BANK for job j1, 10,00 kept as store credit\",0,5000,4000\r\n");
            assertThat(json(get("/api/v1/reports/receivables?to=2026-11-30")).path("totals").path("outstanding").asLong())
                    .isEqualTo(11500);
            assertThat(json(get("/api/v1/reports/cash-flow?from=2026-11-01&to=2026-11-30&branch=sued")).path("totals")
                    .path("inflow").asLong()).isEqualTo(3000);

            tenantsSeeOnlyTheirOwnBranches();
            badParametersAreProblems();
            String before = get(monthly).body().replaceAll("\"generatedAt\":\"[^\"]*\"", "");
            upload(branches, "acme", "nord", s.nord);
            upload(branches, "acme", "sued", s.sued);
            assertThat(get(monthly).body().replaceAll("\"generatedAt\":\"[^\"]*\"", "")).as("re-delivered batches")
                    .isEqualTo(before);
            theCommandPrintsThem();
            assertThat(hq.alarms()).isEmpty();
        }
    }

    private void tenantsSeeOnlyTheirOwnBranches() throws Exception {
        JsonNode rival = json(get("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&tenant=rival"));
        assertThat(rival.path("tenant").asText()).isEqualTo("rival");
        assertThat(rival.path("totals").path("jobsAmount").asLong()).isEqualTo(99900);
        assertThat(rival.path("totals").path("salesAmount").asLong()).isZero();
        assertThat(rival.path("received")).extracting(r -> r.path("device").asText()).containsExactly("dev-rival");
        assertThat(json(get("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&tenant=rival&branch=sued"))
                .path("totals").path("jobs").asLong()).as("acme's branch under rival").isZero();
        JsonNode acme = json(get("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&branch=nord"));
        assertThat(acme.path("totals").path("jobsAmount").asLong()).as("acme's nord, not rival's").isEqualTo(12000);
        assertThat(json(get("/api/v1/reports/customer-statement?from=2026-01-01&to=2026-11-30&customer=c1&tenant=rival"))
                .path("lines")).extracting(l -> l.path("ref").asText()).containsExactly("j9");
        HttpResponse<String> unknown = get("/api/v1/reports/customer-statement?from=2026-01-01&to=2026-11-30"
                + "&customer=c2&tenant=rival");
        assertThat(unknown.statusCode()).as("acme's customer under rival").isEqualTo(404);
        assertThat(json(unknown).path("type").asText()).isEqualTo("urn:wk-edge:problem:unknown-customer");
    }

    private void badParametersAreProblems() throws Exception {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("/api/v1/reports/weekly?from=2026-11-01&to=2026-11-30", "unknown-report"),
                Map.entry("/api/v1/reports/daily?from=2026-11-31&to=2026-11-30", "invalid-date"),
                Map.entry("/api/v1/reports/daily?from=01.11.2026&to=2026-11-30", "invalid-date"),
                Map.entry("/api/v1/reports/daily?from=2026-12-01&to=2026-11-30", "invalid-date"),
                Map.entry("/api/v1/reports/daily?to=2026-11-30", "invalid-parameter"),
                Map.entry("/api/v1/reports/daily?from=2025-01-01&to=2026-11-30", "range-too-long"),
                Map.entry("/api/v1/reports/monthly?from=2001-01-01&to=2026-11-30", "range-too-long"),
                Map.entry("/api/v1/reports/monthly?from=1999-01-01&to=1999-11-30", "date-out-of-range"),
                Map.entry("/api/v1/reports/customer-statement?from=2026-11-01&to=2026-11-30", "invalid-parameter"),
                Map.entry("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&zone=Mars/Olympus", "invalid-zone"),
                Map.entry("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&format=xml", "invalid-format"),
                Map.entry("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&branch=a/b", "invalid-request"),
                Map.entry("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30&tenant=no%20such", "invalid-request"));
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> r = get(b.getKey());
            assertThat(r.statusCode()).as(b.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).as(b.getKey()).hasValue(HqServer.PROBLEM);
            JsonNode problem = json(r);
            assertThat(problem.path("type").asText()).as(b.getKey()).isEqualTo("urn:wk-edge:problem:" + b.getValue());
            assertThat(problem.path("detail").asText()).as(b.getKey()).isNotBlank();
        }
        assertThat(json(get("/api/v1/reports/daily?from=2026-11-01&to=2026-11-31")).path("detail").asText())
                .isEqualTo("to must be a date yyyy-MM-dd, was '2026-11-31'");
        assertThat(send("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30", null, null).statusCode()).as("no token")
                .isEqualTo(401);
        assertThat(send("/api/v1/reports/daily?from=2026-11-01&to=2026-11-30", "wrong", null).statusCode())
                .isEqualTo(401);
    }

    private void theCommandPrintsThem() throws Exception {
        Cli table = cli("report", "monthly", "--from", "2026-09-01", "--to", "2026-11-30");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("month +salesNet +serviceRevenue +revenue +expenses +profit\n")
                .containsPattern("2026-11 +1250 +20500 +21750 +50000 +-28250\n")
                .containsPattern("Total +1250 +24500 +25750 +50000 +-24250\n")
                .contains("monthly: 4 rows; amounts in minor units (cents)");
        Cli nord = cli("report", "daily", "--from", "2026-11-01", "--to", "2026-11-30", "--branch", "nord",
                "--format", "csv");
        assertThat(nord.code()).isZero();
        assertThat(nord.out()).startsWith("date,sales,salesAmount,").contains("2026-11-03,0,0,0,1,12000,0,1,5000,5000,0,0,0")
                .contains("Total,1,1000,0,1,12000,-2000,2,11000,5000,6000,2,30000");
        Cli json = cli("report", "receivables", "--to", "2026-11-30", "--format", "json");
        assertThat(SyncCodec.MAPPER.readTree(json.out()).path("customers")).extracting(c -> c.path("name").asText())
                .containsExactly("Frau Meier", "Herr Kurz");
        Cli statement = cli("report", "customer-statement", "--from", "2026-11-01", "--to", "2026-11-30", "--customer",
                "c1", "--json");
        assertThat(SyncCodec.MAPPER.readTree(statement.out()).path("closing").asLong()).isEqualTo(6500);

        Cli badDate = cli("report", "daily", "--from", "2026-13-01", "--to", "2026-11-30");
        assertThat(badDate.code()).isEqualTo(1);
        assertThat(badDate.out()).isEmpty();
        assertThat(badDate.err()).contains("HQ refused (400): from must be a date yyyy-MM-dd, was '2026-13-01'");
        assertThat(cli("report", "weekly", "--from", "2026-11-01", "--to", "2026-11-30").err())
                .contains("HQ refused (400): no report 'weekly'");
        Cli usage = cli("report", "daily", "--format", "xlsx");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--format must be csv or json");
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
                List.of(Topics.downAck("acme", "nord"), Topics.downAck("acme", "sued"), Topics.downAck("rival", "nord")),
                null, 1_000, Duration.ofSeconds(10), Duration.ofSeconds(1)), (topic, payload) -> {
            Ack ack = SyncCodec.decode(payload, Ack.class);
            acks.merge(ack.device(), ack.ackedSeq(), Math::max);
            answers.incrementAndGet();
        }, () -> { });
    }

    /** Publishes the till's whole journal as one batch and waits for HQ's answer to it. */
    private void upload(MqttLink link, String tenant, String branch, TillEntries till) {
        int before = answers.get();
        link.publish(Topics.upJournal(tenant, branch), SyncCodec.encode(till.batch(tenant, branch, 1)), false).join();
        long head = till.entries().size();
        Await.until(branch + " acked up to " + head, () -> answers.get() > before
                && acks.getOrDefault(till.device(), 0L) == head);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return SyncCodec.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = send(path, hq.adminToken().value(), null);
        if (r.statusCode() == 200) {
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t)
                    .isIn("application/json", BackOfficeRoutes.CSV));
        }
        return r;
    }

    private HttpResponse<String> send(String path, String token, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port() + path))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

}

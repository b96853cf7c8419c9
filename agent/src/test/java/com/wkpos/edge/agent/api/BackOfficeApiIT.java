package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The back office over real HTTP: a customer's job paid partly in cash and then beyond its amount by bank, an
 * expense and its reversal, a refused payment on the settled job; then the monthly report and the customer's
 * statement as JSON, CSV, XLSX and PDF, the spreadsheet and the PDF read back and their figures checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackOfficeApiIT {
    @TempDir
    static Path dir;
    private Agent agent;
    private Http cashier;
    private Http manager;
    private final String today = LocalDate.now(ZoneId.of("Europe/Berlin")).toString();

    @BeforeAll
    void start() throws Exception {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir);
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--demo-till"))), Clock.systemUTC());
        cashier = Http.cashier(agent);
        manager = Http.paired(agent).login("maria", "9999");
    }

    @AfterAll
    void stop() {
        agent.close();
    }

    @Test
    void aJobIsBilledPaidAndReportedInEveryFormat() throws Exception {
        String customer = created(cashier.post("/api/v1/customers", "{\"name\":\"Wäscherei Müller\"}", null)).get("id")
                .asText();
        JsonNode job = created(cashier.post("/api/v1/jobs", "{\"customerId\":\"" + customer + "\",\"serviceType\":"
                + "\"Teppichreinigung\",\"serviceDate\":\"" + today + "\",\"amount\":12000,\"notes\":\"3 Teppiche\"}", null));
        String jobId = job.get("id").asText();
        assertThat(job.get("status").asText()).isEqualTo("UNPAID");
        JsonNode part = created(cashier.post("/api/v1/jobs/" + jobId + "/payments", "{\"method\":\"CASH\",\"amount\":5000}",
                null));
        assertThat(part.get("job").get("status").asText()).isEqualTo("PARTIAL");
        JsonNode rest = created(cashier.post("/api/v1/jobs/" + jobId + "/payments", "{\"method\":\"BANK\",\"amount\":8000}",
                null));
        assertThat(rest.get("applied").asLong()).isEqualTo(7000);
        assertThat(rest.get("storeCredit").asLong()).isEqualTo(1000);
        assertThat(rest.get("job").get("status").asText()).isEqualTo("PAID");
        long seq = agent.journal().head().seq();
        Http.Response again = cashier.post("/api/v1/jobs/" + jobId + "/payments", "{\"method\":\"BANK\",\"amount\":10}", null);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("type").asText()).endsWith("job-settled");
        Http.Response negative = cashier.post("/api/v1/jobs", "{\"customerId\":\"" + customer + "\",\"serviceType\":\"x\","
                + "\"serviceDate\":\"" + today + "\",\"amount\":-1}", null);
        assertThat(negative.status()).isEqualTo(400);
        Http.Response byCashier = cashier.post("/api/v1/expenses", "{\"category\":\"RENT\",\"amount\":100,\"method\":\"BANK\","
                + "\"description\":\"Miete\"}", null);
        assertThat(byCashier.status()).isEqualTo(403);
        assertThat(agent.journal().head().seq()).isEqualTo(seq);

        JsonNode account = ok(cashier.get("/api/v1/customers/" + customer + "/account"));
        assertThat(account.get("outstanding").asLong()).isZero();
        assertThat(account.get("storeCredit").asLong()).isEqualTo(1000);

        String expense = created(manager.post("/api/v1/expenses", "{\"category\":\"SUPPLIES\",\"amount\":2500,"
                + "\"method\":\"CASH\",\"description\":\"Reinigungsmittel\"}", null)).get("id").asText();
        created(manager.post("/api/v1/expenses", "{\"category\":\"RENT\",\"amount\":900,\"method\":\"BANK\","
                + "\"description\":\"Lagerraum\"}", null));
        assertThat(created(manager.post("/api/v1/expenses/" + expense + "/reversal", "{\"reason\":\"doppelt gebucht\"}",
                null)).get("reversedBy").isTextual()).isTrue();

        String month = "/api/v1/reports/monthly?from=" + today + "&to=" + today;
        JsonNode monthly = ok(cashier.get(month));
        JsonNode totals = monthly.get("totals");
        assertThat(totals.get("serviceRevenue").asLong()).isEqualTo(12000);
        assertThat(totals.get("expenses").asLong()).isEqualTo(900);
        assertThat(totals.get("profit").asLong()).isEqualTo(12000 - 900);
        assertThat(monthly.get("hq").get("syncing").asBoolean()).isFalse();

        Http.Response csv = cashier.get(month + "&format=csv");
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("month,salesNet,serviceRevenue,revenue,expenses,profit");
        assertThat(lines.getLast()).isEqualTo("Total,0,12000,12000,900,11100");

        HttpResponse<byte[]> xlsx = cashier.bytes(month, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.statusCode()).isEqualTo(200);
        List<List<String>> sheet = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            try (var rows = wb.getFirstSheet().openStream()) {
                rows.forEach((Row r) -> {
                    List<String> cells = new ArrayList<>();
                    r.forEach(c -> cells.add(c == null ? "" : c.getRawValue()));
                    sheet.add(cells);
                });
            }
        }
        assertThat(sheet.getFirst().getFirst()).isEqualTo("Monthly report");
        List<String> total = sheet.getLast();
        assertThat(total.getFirst()).isEqualTo("Total");
        assertThat(new java.math.BigDecimal(total.get(2))).isEqualByComparingTo("120.00");
        assertThat(new java.math.BigDecimal(total.get(4))).isEqualByComparingTo("9.00");
        assertThat(new java.math.BigDecimal(total.get(5))).isEqualByComparingTo("111.00");

        HttpResponse<byte[]> pdf = cashier.bytes("/api/v1/reports/customer-statement?from=" + today + "&to=" + today
                + "&customer=" + customer + "&format=pdf", "*/*");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        String text;
        try (PDDocument doc = Loader.loadPDF(pdf.body())) {
            text = new PDFTextStripper().getText(doc);
        }
        assertThat(text).contains("Statement for Wäscherei Müller", "Teppichreinigung", "120,00", "50,00", "70,00",
                "closing balance 0,00", "store credit from overpayments 10,00");

        // what a screen lists: jobs (all, or those with something outstanding), one job's history, customers found
        assertThat(ok(cashier.get("/api/v1/jobs")).get("jobs").findValuesAsText("id")).containsExactly(jobId);
        assertThat(ok(cashier.get("/api/v1/jobs")).get("jobs").get(0).get("customerName").asText()).isEqualTo("Wäscherei Müller");
        assertThat(ok(cashier.get("/api/v1/jobs?open=true")).get("jobs")).as("the job is paid").isEmpty();
        assertThat(ok(cashier.get("/api/v1/jobs?customer=" + customer)).get("jobs")).hasSize(1);
        JsonNode history = ok(cashier.get("/api/v1/jobs/" + jobId + "/history"));
        assertThat(history.get("events").findValuesAsText("kind")).containsExactly("PAYMENT", "PAYMENT");
        assertThat(history.get("events").get(1).get("storeCredit").asLong()).isEqualTo(1000);
        assertThat(cashier.get("/api/v1/jobs/" + java.util.UUID.randomUUID() + "/history").status()).isEqualTo(404);
        assertThat(ok(cashier.get("/api/v1/customers?q=m%C3%BCller")).get("customers").findValuesAsText("id")).contains(customer);
        assertThat(ok(cashier.get("/api/v1/customers?q=nobody-like-this")).get("customers")).isEmpty();
        assertThat(ok(cashier.get("/api/v1/customers?q=%25")).get("customers").findValuesAsText("id"))
                .as("% is a character, not a wildcard").doesNotContain(customer);
        assertThat(cashier.get("/api/v1/customers?q=" + "x".repeat(101)).status()).isEqualTo(400);
        assertThat(cashier.get("/api/v1/jobs?open=maybe").status()).isEqualTo(400);
        long before = agent.journal().head().seq();
        assertThat(cashier.post("/api/v1/customers", "{\"name\":\"Lang\",\"phone\":\"" + "1".repeat(51) + "\"}", null)
                .status()).as("an oversized phone").isEqualTo(400);
        assertThat(cashier.put("/api/v1/customers/" + customer, "{\"name\":\"Wäscherei Müller\",\"email\":\""
                + "x".repeat(201) + "\"}").status()).as("an oversized email").isEqualTo(400);
        assertThat(agent.journal().head().seq()).isEqualTo(before);
        assertThat(cashier.get("/api/v1/jobs?limit=0").status()).isEqualTo(400);
        JsonNode table = ok(cashier.get(month + "&format=table")).get("table");
        assertThat(table.get("columns").findValuesAsText("key")).containsExactly("month", "salesNet", "serviceRevenue",
                "revenue", "expenses", "profit");
        assertThat(table.get("totals").get(3).asLong()).isEqualTo(12000);

        Http.Response bad = cashier.get("/api/v1/reports/monthly?from=" + today + "&to=" + today + "&format=docx");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(cashier.get("/api/v1/reports/weekly?from=" + today + "&to=" + today).status()).isEqualTo(404);
        assertThat(new String(cashier.bytes("/api/v1/openapi.json", "application/json").body(), StandardCharsets.UTF_8))
                .contains("/api/v1/reports/{name}", "/api/v1/jobs/{id}/payments", "/api/v1/jobs/{id}/history");
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    private static JsonNode created(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private static JsonNode ok(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }
}

package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Await;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Browser;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The back office at {@code /backoffice/} in a real headless Chromium against the real agent: an unpaired
 * browser is sent to pair and comes back, a cashier bills a job to a customer created on the spot, takes
 * a part payment and an overpayment (kept as store credit) and is refused an adjustment; a manager reverses
 * the overpayment, records and reverses an expense and downloads the monthly report as Excel and the statement as PDF, which are
 * read back. Every figure on the page is checked against what the box recorded.
 */
class BackOfficeScreenIT {
    private static final Path SHOTS = Path.of("target/screenshots");
    @TempDir
    Path dir;

    @Test
    void jobsPaymentsExpensesAndReportsAtTheScreen() throws Exception {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        try (Agent agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till"))), Clock.systemUTC());
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http api = Http.paired(agent).login("maria", "9999");
            b.driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                    "downloadPath", downloads.toString()));
            String today = LocalDate.now(ZoneId.of("Europe/Berlin")).toString();

            b.open(agent.url("127.0.0.1") + "backoffice/");
            b.awaitText("#unpaired", "not paired");
            b.click("#pair-link");
            b.type("#pair-code", agent.pairing().issueCode("test").code());
            b.type("#pair-name", "Office PC");
            b.click("#pair-form button");
            b.awaitText("#login", "Back office login");
            assertThat(b.driver.getCurrentUrl()).endsWith("/backoffice/");
            login(b, "anna", "1111");
            b.awaitText("#bar-staff", "Anna");

            // a job for a new customer, 120 €
            b.click("#new-job");
            b.type("#nj-q", "Schmidt");
            b.awaitText("#nj-results", "No customer matches");
            b.type("#nc-name", "Erika Schmidt");
            b.type("#nc-phone", "0171 555 0101");
            b.click("#nc-form button[type=submit]");
            b.awaitText("#nj-customer", "Customer: Erika Schmidt");
            b.type("#nj-type", "Window cleaning");
            b.type("#nj-amount", "zwölf");
            b.click("#nj-form button[type=submit]");
            b.awaitText("#nj-form-error", "amount must be like");
            assertThat(jobs(api)).as("a bad amount books nothing").isEmpty();
            b.type("#nj-amount", "120,00");
            b.click("#nj-form button[type=submit]");
            b.awaitText("#jobs-lines", "Erika Schmidt");
            JsonNode job = jobs(api).get(0);
            assertThat(job.get("amount").asLong()).isEqualTo(12_000);
            assertThat(job.get("serviceType").asText()).isEqualTo("Window cleaning");
            assertThat(b.textOf("#jobs-lines")).contains("120,00 €", "UNPAID");
            b.screenshot(SHOTS.resolve("backoffice-jobs.png"));

            // 50 € by bank, then 100 € when 70 € are left: 30 € become store credit
            b.click("[data-job='" + job.get("id").asText() + "']");
            b.awaitText("#job-outstanding", "120,00 €");
            b.type("#pay-amount", "50");
            b.click("#pay-form button[type=submit]");
            b.awaitText("#job-outstanding", "70,00 €");
            b.awaitText("#job-status", "PARTIAL");
            b.type("#pay-amount", "100,00");
            b.click("#pay-form button[type=submit]");
            b.awaitText("#toast", "30,00 € beyond what was owed is kept as store credit");
            b.awaitText("#job-status", "PAID");
            assertThat(b.textOf("#job-events")).contains("Payment, bank", "50,00 €", "100,00 €", "30,00 €", "anna");
            b.screenshot(SHOTS.resolve("backoffice-job.png"));
            JsonNode account = api.get("/api/v1/customers/" + job.get("customerId").asText() + "/account").json();
            assertThat(account.get("outstanding").asLong()).isZero();
            assertThat(account.get("storeCredit").asLong()).isEqualTo(3_000);

            // a cashier may not adjust: the box's refusal shows in the form and nothing changes
            b.type("#adjust-delta", "-10,00");
            b.type("#adjust-reason", "goodwill");
            b.click("#adjust-form button[type=submit]");
            b.awaitText("#adjust-form-error", "a manager must log in");
            assertThat(api.get("/api/v1/jobs/" + job.get("id").asText()).json().get("adjusted").asLong()).isZero();
            b.click("#dialog .actions button.secondary:last-child");

            // the customer's account from the customers tab
            b.click("[data-tab=customers]");
            b.type("#cust-q", "erika");
            b.click("[data-customer='" + job.get("customerId").asText() + "']");
            b.awaitText("#acct-credit", "30,00 €");
            assertThat(b.textOf("#acct-outstanding")).isEqualTo("0,00 €");
            b.type("#cust-email", "erika@example.org");
            b.click("#cust-form button[type=submit]");
            b.awaitText("#toast", "Details of Erika Schmidt saved");
            assertThat(api.get("/api/v1/customers/" + job.get("customerId").asText()).json().get("email").asText())
                    .isEqualTo("erika@example.org");
            b.awaitText("#cust-lines", "erika@example.org");
            b.click("#dialog .actions button.secondary");

            // a manager records an expense and reverses it
            b.click("#logout");
            b.awaitText("#login-error", "Logged out");
            login(b, "maria", "9999");
            b.awaitText("#bar-staff", "Maria");

            // the 100 € were meant for another customer: the manager reverses them; 70 € are owed again
            b.click("[data-tab=jobs]");
            b.click("#jobs-open");
            b.click("[data-job='" + job.get("id").asText() + "']");
            JsonNode second = api.get("/api/v1/jobs/" + job.get("id").asText() + "/history").json().get("events").get(1);
            b.click("[data-reverse='" + second.get("id").asText() + "']");
            b.awaitText("#dialog", "takes back the 30,00 € kept as store credit");
            b.type("#rp-reason", "wrong customer");
            b.click("#rp-form button[type=submit]");
            b.awaitText("#job-outstanding", "70,00 €");
            b.awaitText("#job-events", "Payment reversed: wrong customer");
            assertThat(api.get("/api/v1/customers/" + job.get("customerId").asText() + "/account").json()
                    .get("storeCredit").asLong()).isZero();
            b.screenshot(SHOTS.resolve("backoffice-payment-reversed.png"));
            b.click("#dialog .actions button.secondary:last-child");

            b.click("[data-tab=expenses]");
            b.click("#new-expense");
            b.type("#ex-amount", "25,50");
            b.type("#ex-description", "Glass cleaner");
            b.click("#ex-form button[type=submit]");
            b.awaitText("#exp-lines", "Glass cleaner");
            JsonNode expense = api.get("/api/v1/expenses?from=" + today + "&to=" + today).json().get("expenses").get(0);
            assertThat(expense.get("amount").asLong()).isEqualTo(2_550);
            assertThat(expense.get("category").asText()).isEqualTo("SUPPLIES");
            b.click("[data-expense='" + expense.get("id").asText() + "']");
            b.type("#rev-reason", "booked twice");
            b.click("#rev-form button[type=submit]");
            b.awaitText("#exp-lines", "reversed");
            assertThat(api.get("/api/v1/expenses/" + expense.get("id").asText()).json().get("reversedBy").isTextual()).isTrue();

            // the monthly report on the page, then as Excel; the statement as PDF
            b.click("[data-tab=reports]");
            b.visible("#rep-name").sendKeys("Monthly");
            b.click("#rep-form button[type=submit]");
            b.awaitText("#rep-table", "120,00 €");
            JsonNode totals = api.get("/api/v1/reports/monthly?from=" + today.substring(0, 8) + "01&to=" + today).json()
                    .get("totals");
            assertThat(totals.get("serviceRevenue").asLong()).isEqualTo(12_000);
            assertThat(b.textOf("#rep-table tfoot")).contains(PosTill.money(totals.get("revenue").asLong()),
                    PosTill.money(totals.get("profit").asLong()));
            assertThat(b.textOf("#rep-about")).as("says what HQ has of it").contains("does not sync with HQ");
            b.screenshot(SHOTS.resolve("backoffice-report.png"));
            b.click("#rep-xlsx");
            Path xlsx = awaitDownload(downloads, ".xlsx");
            try (InputStream in = Files.newInputStream(xlsx); ReadableWorkbook wb = new ReadableWorkbook(in)) {
                List<Row> rows = wb.getFirstSheet().read();
                Row total = rows.getLast();
                assertThat(total.getCell(0).getRawValue()).isEqualTo("Total");
                assertThat(new java.math.BigDecimal(total.getCell(3).getRawValue())).as("revenue")
                        .isEqualByComparingTo(java.math.BigDecimal.valueOf(totals.get("revenue").asLong(), 2));
                assertThat(new java.math.BigDecimal(total.getCell(5).getRawValue())).as("profit")
                        .isEqualByComparingTo(java.math.BigDecimal.valueOf(totals.get("profit").asLong(), 2));
            }
            b.visible("#rep-name").sendKeys("Customer statement");
            b.click("#rep-form button[type=submit]");
            b.awaitText("#rep-error", "choose the customer");
            b.type("#rep-customer-q", "Schmidt");
            b.awaitText("#rep-customer", "Erika Schmidt");
            b.click("#rep-pdf");
            Path pdf = awaitDownload(downloads, ".pdf");
            try (var doc = Loader.loadPDF(pdf.toFile())) {
                String text = new PDFTextStripper().getText(doc);
                assertThat(text).contains("Erika Schmidt", "Window cleaning", "120,00", "reversal of payment",
                        "closing balance 70,00");
            }
            b.assertNoConsoleErrors();
        }
        assertThat(Agent.verifier().verify(dir.resolve("state")).findings()).isEmpty();
    }

    /**
     * Online orders HQ routed here, at the screen: one shipped (its reserved goods leave stock), one rejected
     * with the reason, and the list of what is left to pack.
     */
    @Test
    void onlineOrdersArePackedOrRejectedAtTheScreen() throws Exception {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        try (Agent agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till"))), Clock.systemUTC());
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http api = Http.paired(agent).login("maria", "9999");
            com.wkpos.edge.agent.supply.SupplyInbox inbox = new com.wkpos.edge.agent.supply.SupplyInbox(agent.journal(),
                    Clock.systemUTC(), agent.events());
            long onHand = api.get("/api/v1/stock/COF-500").json().get("onHand").asLong();
            for (int i = 1; i <= 2; i++) {
                assertThat(inbox.apply(new com.wkpos.edge.protocol.SupplyCommand(TestLicense.TENANT, "b1", i,
                        com.wkpos.edge.protocol.SupplyCommand.ORDER, "2026-12-07T10:00:00Z",
                        com.wkpos.edge.agent.journal.CanonicalJson.tree(Map.of("orderId", "web-" + i, "branch", "b1",
                                "status", "ROUTED", "lines", List.of(Map.of("sku", "COF-500", "qty", 2)),
                                "customer", Map.of("name", "Erika Muster", "email", "erika@example.org")))))).isTrue();
            }
            b.open(agent.url("127.0.0.1") + "backoffice/");
            b.click("#pair-link");
            b.type("#pair-code", agent.pairing().issueCode("test").code());
            b.type("#pair-name", "Office PC");
            b.click("#pair-form button");
            b.awaitText("#login", "Back office login");
            login(b, "anna", "1111");
            b.click("[data-tab=orders]");
            b.awaitText("#order-lines", "web-2");
            assertThat(b.textOf("#order-lines")).contains("2 × COF-500", "Erika Muster", "to pack");
            b.click("[data-ship='web-1']");
            b.awaitText("#toast", "shipped");
            b.click("[data-reject='web-2']");
            b.type("#order-reason", "out of stock here");
            b.click("#order-reject-form button[type=submit]");
            b.awaitText("#order-empty", "No online orders");
            b.click("#orders-open");
            b.awaitText("#order-lines", "out of stock here");
            assertThat(b.textOf("#order-lines")).contains("shipped", "rejected");
            assertThat(api.get("/api/v1/orders/web-1").json().get("status").asText()).isEqualTo("SHIPPED");
            assertThat(api.get("/api/v1/orders/web-2").json().get("status").asText()).isEqualTo("REJECTED");
            JsonNode level = api.get("/api/v1/stock/COF-500").json();
            assertThat(level.get("onHand").asLong()).as("the shipped order's goods left").isEqualTo(onHand - 2);
            assertThat(level.get("reserved").asLong()).as("nothing is held any more").isZero();
            b.screenshot(Path.of("target/screenshots/backoffice-orders.png"));
            b.assertNoConsoleErrors();
        }
        assertThat(Agent.verifier().verify(dir.resolve("state")).findings()).isEmpty();
    }

    private static void login(Browser b, String id, String pin) {
        b.type("#login-id", id);
        b.type("#login-pin", pin);
        b.click("#login-form button");
    }

    private static List<JsonNode> jobs(Http api) throws Exception {
        return java.util.stream.StreamSupport.stream(api.get("/api/v1/jobs").json().get("jobs").spliterator(), false).toList();
    }

    /** The file with {@code suffix} the browser finished downloading (Chromium writes .crdownload until done). */
    private static Path awaitDownload(Path downloads, String suffix) {
        Path[] done = {null};
        Await.until(suffix + " downloaded to " + downloads, Duration.ofSeconds(20), () -> {
            try (Stream<Path> files = Files.list(downloads)) {
                done[0] = files.filter(f -> f.toString().endsWith(suffix)).findFirst().orElse(null);
                return done[0] != null && Files.size(done[0]) > 0;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return done[0];
    }
}

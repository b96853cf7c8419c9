package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HQ's back-office reports over two branches ({@link BackOfficeScenario}), on SQLite and PostgreSQL: the figures
 * by hand for a few days, and every total against a recomputation from the ledger postings HQ copied.
 */
class BackOfficeReportsTest {
    private static final LocalDate TODAY = LocalDate.parse("2026-12-07");
    @TempDir
    Path dir;

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    /** One posting as HQ holds it, with the entry it came in. */
    private record Posting(String tenant, String branch, String type, String device, long seq, String txn,
                           String account, long debit, long credit) {
        long net() {
            return debit - credit;
        }
    }

    private HqDatabase loaded(String store) {
        HqDatabase db = HqDatabase.open(store.equals("sqlite") ? null : store, dir);
        BackOfficeScenario s = new BackOfficeScenario();
        JournalIngest in = new JournalIngest(db, Clock.systemUTC(), new HqMetrics());
        in.ingest(s.nord.batch("acme", "nord", 1));
        in.ingest(s.sued.batch("acme", "sued", 1));
        in.ingest(s.rival.batch("rival", "nord", 1));
        return db;
    }

    private static JsonNode report(HqDatabase db, String tenant, String name, String branch, String from, String to,
                                   String customer) {
        BackOfficeViews.Query q = BackOfficeViews.query(name, tenant, branch, from, to, SalesViews.DEFAULT_ZONE,
                customer, TODAY);
        BackOfficeViews.Report r = db.inTransaction(c -> BackOfficeViews.run(c, q, Instant.parse("2026-12-07T12:00:00Z")));
        return tree(SyncCodec.encodeString(r.json()));
    }

    private static JsonNode report(HqDatabase db, String name, String from, String to) {
        return report(db, "acme", name, null, from, to, null);
    }

    private static List<Posting> ledger(HqDatabase db, String tenant) {
        return db.inTransaction(c -> {
            List<Posting> out = new ArrayList<>();
            try (var ps = Sql.prepare(c, "SELECT j.tenant, j.branch, j.type, l.device_id, l.seq, l.txn_id, l.account,"
                    + " l.debit, l.credit FROM hq_ledger l JOIN hq_journal j ON j.device_id = l.device_id AND j.seq = l.seq"
                    + " WHERE j.tenant = ?", tenant); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Posting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9)));
                }
            }
            return out;
        });
    }

    private static long net(List<Posting> ledger, java.util.function.Predicate<String> account) {
        return ledger.stream().filter(p -> account.test(p.account())).mapToLong(Posting::net).sum();
    }

    private static boolean money(String account) {
        return List.of("1000-CASH", "1090-SAFE", "1200-CARD-CLEARING", "1210-MOBILE-CLEARING", "1800-BANK")
                .contains(account) || account.startsWith("1010-CASH-");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyTotalIsWhatTheLedgerPostingsAddUpTo(String store) {
        try (HqDatabase db = loaded(store)) {
            List<Posting> ledger = ledger(db, "acme");
            long serviceRevenue = -net(ledger, "4100-SERVICE"::equals);
            long salesNet = -net(ledger, "4000"::equals);
            long expenses = net(ledger, a -> a.startsWith("6300-EXP-"));
            long receivables = net(ledger, "1400-RECEIVABLES"::equals);
            long storeCredit = -net(ledger, "2310-STORE-CREDIT"::equals);
            long payments = ledger.stream().filter(p -> p.type().equals("job.payment-recorded") && money(p.account()))
                    .mapToLong(Posting::net).sum();
            Map<String, Long> perTxn = new HashMap<>();
            ledger.stream().filter(p -> money(p.account()))
                    .forEach(p -> perTxn.merge(p.device() + "/" + p.seq() + "/" + p.txn(), p.net(), Long::sum));
            long inflow = perTxn.values().stream().filter(v -> v > 0).mapToLong(Long::longValue).sum();
            long outflow = -perTxn.values().stream().filter(v -> v < 0).mapToLong(Long::longValue).sum();
            assertThat(List.of(serviceRevenue, salesNet, expenses, receivables, storeCredit, payments, inflow, outflow))
                    .as("the scenario as its comment tells it").containsExactly(24500L, 1250L, 50000L, 11500L, 1000L,
                            14000L, 15500L, 51500L);

            JsonNode monthly = report(db, "monthly", "2026-09-01", "2026-11-30").path("totals");
            assertThat(monthly.path("serviceRevenue").asLong()).isEqualTo(serviceRevenue);
            assertThat(monthly.path("salesNet").asLong()).isEqualTo(salesNet);
            assertThat(monthly.path("revenue").asLong()).isEqualTo(serviceRevenue + salesNet);
            assertThat(monthly.path("expenses").asLong()).isEqualTo(expenses);
            assertThat(monthly.path("profit").asLong()).isEqualTo(serviceRevenue + salesNet - expenses);
            JsonNode daily = report(db, "daily", "2026-09-01", "2026-11-30").path("totals");
            assertThat(daily.path("paymentsAmount").asLong()).isEqualTo(payments);
            assertThat(daily.path("cashPayments").asLong() + daily.path("bankPayments").asLong()).isEqualTo(payments);
            JsonNode receivable = report(db, "receivables", null, "2026-11-30").path("totals");
            assertThat(receivable.path("outstanding").asLong()).isEqualTo(receivables);
            JsonNode cash = report(db, "cash-flow", "2026-09-01", "2026-11-30").path("totals");
            assertThat(cash.path("inflow").asLong()).isEqualTo(inflow);
            assertThat(cash.path("outflow").asLong()).isEqualTo(outflow);
            long closing = 0;
            long credit = 0;
            for (String customer : List.of("c1", "c2")) {
                JsonNode st = report(db, "acme", "customer-statement", null, "2026-01-01", "2026-11-30", customer);
                closing += st.path("closing").asLong();
                credit += st.path("storeCredit").asLong();
            }
            assertThat(closing).as("the statements' closing balances").isEqualTo(receivables);
            assertThat(credit).isEqualTo(storeCredit);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theDaysAreTheBoxesDaysAndBothBranchesAddUp(String store) {
        try (HqDatabase db = loaded(store)) {
            JsonNode days = report(db, "daily", "2026-11-01", "2026-11-30").path("days");
            assertThat(days).hasSize(30);
            assertThat(days.get(2)).as("11-03: j1 and its first payment").isEqualTo(day("2026-11-03", 0, 0, 0,
                    1, 12000, 0, 1, 5000, 5000, 0, 0, 0));
            assertThat(days.get(4)).as("11-05: a sale and a cash expense").isEqualTo(day("2026-11-05", 1, 1000,
                    0, 0, 0, 0, 0, 0, 0, 0, 1, 1500));
            assertThat(days.get(5).path("expensesAmount").asLong()).as("the reversal on its own day").isEqualTo(-1500);
            assertThat(days.get(9).path("adjustmentsAmount").asLong()).isEqualTo(-2000);
            assertThat(days.get(21).path("refundsAmount").asLong()).isEqualTo(250);
            JsonNode total = report(db, "daily", "2026-11-01", "2026-11-30").path("totals");
            assertThat(total).isEqualTo(day(null, 2, 1500, 250, 3, 22500, -2000, 3, 14000, 8000, 6000, 3,
                    50000));
            for (String name : List.of("daily", "monthly", "cash-flow")) {
                JsonNode all = report(db, "acme", name, null, "2026-09-01", "2026-11-30", null).path("totals");
                JsonNode nord = report(db, "acme", name, "nord", "2026-09-01", "2026-11-30", null).path("totals");
                JsonNode sued = report(db, "acme", name, "sued", "2026-09-01", "2026-11-30", null).path("totals");
                all.fieldNames().forEachRemaining(f -> assertThat(nord.path(f).asLong() + sued.path(f).asLong())
                        .as(name + " " + f).isEqualTo(all.path(f).asLong()));
            }
            JsonNode month = report(db, "monthly", "2026-11-01", "2026-11-30");
            assertThat(month.path("months")).isEqualTo(tree("[{\"month\":\"2026-11\",\"salesNet\":1250,"
                    + "\"serviceRevenue\":20500,\"revenue\":21750,\"expenses\":50000,\"profit\":-28250}]"));
            assertThat(month.path("currency").asText()).isEqualTo("EUR");
            assertThat(month.path("received")).extracting(r -> r.path("branch").asText() + "=" + r.path("ackedSeq"))
                    .containsExactly("nord=9", "sued=6");
        }
    }

    private static JsonNode tree(String json) {
        try {
            return SyncCodec.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode day(String date, long sales, long salesAmount, long refunds, long jobs, long jobsAmount,
                              long adjustments, long payments, long paymentsAmount, long cash, long bank, long expenses,
                              long expensesAmount) {
        return tree("{" + (date == null ? "" : "\"date\":\"" + date + "\",") + "\"sales\":" + sales + ",\"salesAmount\":"
                + salesAmount + ",\"refundsAmount\":" + refunds + ",\"jobs\":" + jobs + ",\"jobsAmount\":" + jobsAmount
                + ",\"adjustmentsAmount\":" + adjustments + ",\"payments\":" + payments + ",\"paymentsAmount\":"
                + paymentsAmount + ",\"cashPayments\":" + cash + ",\"bankPayments\":" + bank + ",\"expenses\":" + expenses
                + ",\"expensesAmount\":" + expensesAmount + "}");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void receivablesAgeAndTheStatementRunsAcrossBranches(String store) {
        try (HqDatabase db = loaded(store)) {
            JsonNode r = report(db, "receivables", null, "2026-11-30");
            assertThat(r.path("customers")).isEqualTo(tree("[{\"customerId\":\"c1\",\"name\":\"Frau Meier\","
                    + "\"jobs\":2,\"outstanding\":6500,\"current\":2500,\"days31to60\":0,\"days61to90\":4000,\"over90\":0},"
                    + "{\"customerId\":\"c2\",\"name\":\"Herr Kurz\",\"jobs\":1,\"outstanding\":5000,\"current\":5000,"
                    + "\"days31to60\":0,\"days61to90\":0,\"over90\":0}]"));
            assertThat(report(db, "receivables", null, "2026-11-03").path("totals").path("outstanding").asLong())
                    .as("as of 11-03: j3, and j1 less the first payment").isEqualTo(4000 + 7000);
            assertThat(report(db, "acme", "receivables", null, null, "2026-11-30", "c2").path("customers"))
                    .as("one customer's").extracting(c -> c.path("name").asText()).containsExactly("Herr Kurz");
            assertThat(com.wkpos.edge.protocol.report.Money.format(123456)).isEqualTo("1.234,56");
            assertThat(com.wkpos.edge.protocol.report.Money.format(-5)).isEqualTo("-0,05");

            JsonNode st = report(db, "acme", "customer-statement", null, "2026-11-01", "2026-11-30", "c1");
            assertThat(st.path("customer")).isEqualTo(tree("{\"id\":\"c1\",\"name\":\"Frau Meier\"}"));
            assertThat(st.path("opening").asLong()).as("j3 from September").isEqualTo(4000);
            assertThat(st.path("lines")).extracting(l -> l.path("date").asText() + " " + l.path("kind").asText() + " "
                    + l.path("branch").asText() + " " + l.path("debit") + "/" + l.path("credit") + " = "
                    + l.path("balance")).containsExactly("2026-11-03 JOB nord 12000/0 = 16000",
                    "2026-11-03 PAYMENT nord 0/5000 = 11000", "2026-11-10 ADJUSTMENT nord 0/2000 = 9000",
                    "2026-11-12 PAYMENT nord 0/5000 = 4000", "2026-11-25 JOB sued 2500/0 = 6500");
            assertThat(st.path("lines").get(3).path("description").asText())
                    .isEqualTo("BANK for job j1, 10,00 kept as store credit");
            assertThat(st.path("closing").asLong()).isEqualTo(6500);
            assertThat(st.path("storeCredit").asLong()).isEqualTo(1000);
            assertThat(report(db, "acme", "customer-statement", "nord", "2026-11-01", "2026-11-30", "c1")
                    .path("closing").asLong()).as("nord's jobs only").isEqualTo(4000);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aTenantSeesOnlyItsOwnBranches(String store) {
        try (HqDatabase db = loaded(store)) {
            JsonNode rival = report(db, "rival", "monthly", null, "2026-11-01", "2026-11-30", null).path("totals");
            assertThat(rival.path("serviceRevenue").asLong()).isEqualTo(99900);
            assertThat(rival.path("expenses").asLong()).isEqualTo(77700);
            assertThat(report(db, "rival", "monthly", "sued", "2026-11-01", "2026-11-30", null).path("totals")
                    .path("revenue").asLong()).as("acme's branch asked for under rival").isZero();
            JsonNode st = report(db, "rival", "customer-statement", null, "2026-01-01", "2026-11-30", "c1");
            assertThat(st.path("lines")).extracting(l -> l.path("ref").asText()).containsExactly("j9");
            assertThat(report(db, "rival", "receivables", null, null, "2026-11-30", null).path("customers"))
                    .extracting(c -> c.path("name").asText()).containsExactly("Someone Else");
            assertThat(report(db, "rival", "cash-flow", null, "2026-11-01", "2026-11-30", null).path("totals")
                    .path("outflow").asLong()).isEqualTo(77700);
            assertThat(report(db, "rival", "daily", null, "2026-11-01", "2026-11-30", null).path("received"))
                    .extracting(r -> r.path("device").asText()).containsExactly("dev-rival");
            assertThat(catchThrowableOfType(HqApiException.class, () -> report(db, "nobody", "customer-statement",
                    null, "2026-11-01", "2026-11-30", "c2")).status()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReversedPaymentIsOwedAgainAndItsStoreCreditTakenBack(String store) {
        try (HqDatabase db = loaded(store)) {
            long before = report(db, "receivables", null, "2026-11-30").path("totals").path("outstanding").asLong();
            TillEntries west = new TillEntries("dev-west");
            west.job("jw", "c2", "Herr Kurz", "2026-11-24", 5000, "2026-11-24T09:00:00Z");
            west.pay("pw", "jw", "c2", "CASH", 6000, 5000, "2026-11-24", "2026-11-24T10:00:00Z");
            west.reversePayment("rw", "pw", "jw", "c2", "CASH", 6000, 5000, "2026-11-27", "2026-11-27T10:00:00Z");
            new JournalIngest(db, Clock.systemUTC(), new HqMetrics()).ingest(west.batch("acme", "west", 1));
            List<Posting> ledger = ledger(db, "acme");
            long receivables = net(ledger, "1400-RECEIVABLES"::equals);
            assertThat(receivables).as("the job is owed in full again").isEqualTo(before + 5000);
            assertThat(report(db, "receivables", null, "2026-11-30").path("totals").path("outstanding").asLong())
                    .isEqualTo(receivables);
            assertThat(report(db, "receivables", null, "2026-11-26").path("totals").path("outstanding").asLong())
                    .as("before the reversal the job was paid").isEqualTo(before);
            long payments = ledger.stream().filter(p -> p.type().startsWith("job.payment-") && money(p.account()))
                    .mapToLong(Posting::net).sum();
            JsonNode daily = report(db, "daily", "2026-09-01", "2026-11-30");
            assertThat(daily.path("totals").path("paymentsAmount").asLong()).isEqualTo(payments);
            for (JsonNode day : daily.path("days")) {
                if (day.path("date").asText().equals("2026-11-27")) {
                    assertThat(day.path("cashPayments").asLong()).as("paid back that day").isEqualTo(-6000);
                }
            }
            JsonNode st = report(db, "acme", "customer-statement", null, "2026-01-01", "2026-11-30", "c2");
            assertThat(st.path("lines").findValuesAsText("kind")).contains("REVERSAL");
            long credit = 0;
            long closing = 0;
            for (String customer : List.of("c1", "c2")) {
                JsonNode s = report(db, "acme", "customer-statement", null, "2026-01-01", "2026-11-30", customer);
                closing += s.path("closing").asLong();
                credit += s.path("storeCredit").asLong();
            }
            assertThat(closing).isEqualTo(receivables);
            assertThat(credit).isEqualTo(-net(ledger, "2310-STORE-CREDIT"::equals));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void branchesBookingInAnotherCurrencyAreNotAddedToEuros(String store) {
        try (HqDatabase db = loaded(store)) {
            TillEntries zurich = new TillEntries("dev-zurich");
            zurich.append("job.created", tree(SyncCodec.encodeString(Map.of("jobId", "jz", "customerId", "c9",
                    "serviceType", "Reinigung", "serviceDate", "2026-11-03", "amount", 5000, "currency", "CHF",
                    "at", "2026-11-03T09:00:00Z", "actor", "staff:x"))).toString());
            new JournalIngest(db, Clock.systemUTC(), new HqMetrics()).ingest(zurich.batch("acme", "zurich", 1));
            HqApiException e = catchThrowableOfType(HqApiException.class,
                    () -> report(db, "monthly", "2026-11-01", "2026-11-30"));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).isEqualTo("mixed-currencies");
            assertThat(e.getMessage()).contains("[CHF, EUR]");
            JsonNode chf = report(db, "acme", "monthly", "zurich", "2026-11-01", "2026-11-30", null);
            assertThat(chf.path("currency").asText()).isEqualTo("CHF");
            assertThat(chf.path("totals").path("serviceRevenue").asLong()).isEqualTo(5000);
        }
    }

    @org.junit.jupiter.api.Test
    void badParametersAreNamed() {
        Map<List<String>, String> bad = new java.util.LinkedHashMap<>();
        bad.put(List.of("weekly", "2026-11-01", "2026-11-30"), "unknown-report");
        bad.put(List.of("daily", "2026-11-31", "2026-11-30"), "invalid-date");
        bad.put(List.of("daily", "2026-12-01", "2026-11-30"), "invalid-date");
        bad.put(List.of("daily", "2025-01-01", "2026-11-30"), "range-too-long");
        bad.put(List.of("cash-flow", "2025-01-01", "2026-11-30"), "range-too-long");
        bad.put(List.of("monthly", "2000-01-01", "2026-11-30"), "range-too-long");
        bad.put(List.of("monthly", "1999-12-31", "2000-01-31"), "date-out-of-range");
        bad.put(List.of("monthly", "2026-01-01", "2028-01-01"), "date-out-of-range");
        bad.put(List.of("customer-statement", "2026-01-01", "2026-11-30"), "invalid-parameter");
        for (var b : bad.entrySet()) {
            List<String> a = b.getKey();
            HqApiException e = catchThrowableOfType(HqApiException.class, () -> BackOfficeViews.query(a.get(0), "acme",
                    null, a.get(1), a.get(2), SalesViews.DEFAULT_ZONE, null, TODAY));
            assertThat(e).as(a.toString()).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.type()).as(a.toString()).isEqualTo(b.getValue());
        }
        assertThat(catchThrowableOfType(HqApiException.class, () -> BackOfficeViews.query("daily", "acme", null, null,
                "2026-11-30", SalesViews.DEFAULT_ZONE, null, TODAY)).getMessage()).isEqualTo("from is required (yyyy-MM-dd)");
        assertThat(BackOfficeViews.query("receivables", "acme", null, null, null, SalesViews.DEFAULT_ZONE, null, TODAY))
                .as("receivables default to today").extracting(BackOfficeViews.Query::to).isEqualTo(TODAY);
        assertThat(BackOfficeViews.query("monthly", "acme", null, "2017-01-01", "2026-12-31", SalesViews.DEFAULT_ZONE,
                null, TODAY).from()).as("ten years are fine").isEqualTo(LocalDate.parse("2017-01-01"));
    }
}

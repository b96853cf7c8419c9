package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.JournalBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HQ's rows of the boxes' back-office entries, projected at ingest, on SQLite always and PostgreSQL when reachable. */
class BackOfficeProjectionTest {
    static final List<String> TABLES = List.of("hq_jobs", "hq_job_adjustments", "hq_job_payments", "hq_expenses",
            "hq_expense_reversals", "hq_job_payment_reversals");
    @TempDir
    Path dir;

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    private HqDatabase open(String store) {
        return HqDatabase.open(store.equals("sqlite") ? null : store, dir);
    }

    private static JournalIngest ingest(HqDatabase db) {
        return new JournalIngest(db, Clock.systemUTC(), new HqMetrics());
    }

    private static long count(HqDatabase db, String table) {
        return db.inTransaction(c -> Sql.number(c, "SELECT COUNT(*) FROM " + table));
    }

    private static List<Long> counts(HqDatabase db) {
        return TABLES.stream().map(t -> count(db, t)).toList();
    }

    private static TillEntries everyKind(String device) {
        TillEntries till = new TillEntries(device);
        till.job("j1", "c1", "Frau Meier", "2026-11-03", 12000, "2026-11-03T09:00:00Z");
        till.adjust("a1", "j1", "c1", -2000, "2026-11-10", "2026-11-10T08:00:00Z");
        till.pay("p1", "j1", "c1", "BANK", 11000, 10000, "2026-11-12", "2026-11-12T08:00:00Z");
        till.expense("e1", "RENT", 30000, "BANK", "2026-11-01", "2026-11-01T07:00:00Z");
        till.reverse("r1", "e1", "RENT", 30000, "BANK", "2026-11-02", "2026-11-02T07:00:00Z");
        till.reversePayment("pr1", "p1", "j1", "c1", "BANK", 11000, 10000, "2026-11-13", "2026-11-13T08:00:00Z");
        return till;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void everyKindIsOneRowHoweverOftenItArrives(String store) {
        TillEntries till = everyKind("dev-1");
        TillEntries restored = everyKind("dev-restored");
        try (HqDatabase db = open(store)) {
            JournalIngest in = ingest(db);
            assertThat(in.ingest(till.batch("acme", "b1", 1)).ackedSeq()).isEqualTo(6);
            assertThat(in.ingest(till.batch("acme", "b1", 1)).duplicates()).as("re-delivered whole").isEqualTo(6);
            assertThat(in.ingest(till.batch("acme", "b1", 4)).duplicates()).as("re-delivered in part").isEqualTo(3);
            assertThat(in.ingest(restored.batch("acme", "b1", 1)).inserted()).as("the journal keeps a restored box's copy")
                    .isEqualTo(6);
            assertThat(counts(db)).as("one row per job, adjustment, payment, expense and the two reversals")
                    .containsExactly(1L, 1L, 1L, 1L, 1L, 1L);
            assertThat(db.<List<Object>>inTransaction(c -> {
                try (var ps = c.prepareStatement("SELECT tenant, branch, device_id, seq, job_id, customer_id, method,"
                        + " amount, applied, store_credit, paid_on, shift_id, currency, occurred_at FROM hq_job_payments");
                     var rs = ps.executeQuery()) {
                    rs.next();
                    return List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                            rs.getString(11), String.valueOf(rs.getString(12)), rs.getString(13), rs.getString(14));
                }
            })).containsExactly("acme", "b1", "dev-1", 3L, "j1", "c1", "BANK", 11000L, 10000L, 1000L, "2026-11-12", "null",
                    "EUR", "2026-11-12T08:00:00Z");
            assertThat(count(db, "hq_ledger")).as("postings copied by shape as before").isEqualTo(2 * 14);
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 10))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPayloadHqCannotReadIsKeptAlarmedAndDoesNotStallIngest(String store) {
        TillEntries till = new TillEntries("dev-1");
        till.append("job.created", "{\"customerId\":\"c1\",\"serviceType\":\"x\",\"serviceDate\":\"2026-11-03\","
                + "\"amount\":100,\"currency\":\"EUR\",\"at\":\"2026-11-03T09:00:00Z\"}");
        till.append("job.created", "{\"jobId\":\"j2\",\"customerId\":\"c1\",\"serviceType\":\"x\",\"serviceDate\":"
                + "\"03.11.2026\",\"amount\":100,\"currency\":\"EUR\",\"at\":\"2026-11-03T09:00:00Z\"}");
        till.append("expense.recorded", "{\"expenseId\":\"e1\",\"category\":\"RENT\",\"amount\":\"100\",\"method\":"
                + "\"BANK\",\"expenseDate\":\"2026-11-03\",\"currency\":\"EUR\",\"at\":\"2026-11-03T09:00:00Z\"}");
        till.append("job.payment-recorded", "[1,2]");
        till.append("expense.reversed", "not json at all");
        till.append("job.payment-recorded", "{\"paymentId\":\"p1\",\"jobId\":\"j1\",\"customerId\":\"c1\",\"method\":"
                + "\"CASH\",\"amount\":100,\"applied\":100,\"storeCredit\":50,\"paidOn\":\"2026-11-03\",\"currency\":"
                + "\"EUR\",\"at\":\"2026-11-03T09:00:00Z\"}");
        till.append("job.adjusted", "{\"adjustmentId\":\"a1\",\"jobId\":\"j1\",\"customerId\":\"c1\",\"delta\":5,"
                + "\"localDate\":\"2026-11-03\",\"currency\":\"EUR\",\"at\":\"yesterday\"}");
        till.job("j1", "c1", "Frau Meier", "2026-11-03", 12000, "2026-11-03T09:00:00Z");
        try (HqDatabase db = open(store)) {
            assertThat(ingest(db).ingest(till.batch("acme", "b1", 1)).ackedSeq()).as("stored and acked").isEqualTo(8);
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 20))).hasSize(7)
                    .allSatisfy(a -> assertThat(a.get("kind")).isEqualTo("backoffice-malformed"))
                    .extracting(a -> (String) a.get("detail"))
                    .anySatisfy(d -> assertThat(d).startsWith("job.created").contains("jobId must be a non-empty string"))
                    .anySatisfy(d -> assertThat(d).contains("serviceDate must be a date yyyy-MM-dd, was \"03.11.2026\""))
                    .anySatisfy(d -> assertThat(d).contains("amount must be an integer of minor units"))
                    .anySatisfy(d -> assertThat(d).startsWith("job.payment-recorded").contains("not a JSON object"))
                    .anySatisfy(d -> assertThat(d).startsWith("expense.reversed").contains("not a JSON object"))
                    .anySatisfy(d -> assertThat(d).contains("applied 100 + storeCredit 50 is not amount 100"))
                    .anySatisfy(d -> assertThat(d).contains("at must be an instant"));
            assertThat(counts(db)).as("only the good job").containsExactly(1L, 0L, 0L, 0L, 0L, 0L);
            assertThat(db.<Long>inTransaction(c -> Sql.number(c, "SELECT seq FROM hq_jobs"))).isEqualTo(8L);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void entriesStoredBeforeTheseTablesExistedAreProjectedOnceAtStart(String store) {
        TillEntries till = everyKind("dev-1");
        String url = store.equals("sqlite") ? null : store;
        try (HqDatabase db = HqDatabase.open(url, dir)) {
            ingest(db).ingest(JournalBatch.of("acme", "b1", "dev-1", till.entries().subList(0, 1)));
            // the rest as an HQ without these tables stored them: in the journal only, and no marker
            db.inTransaction(c -> {
                for (var e : till.entries().subList(1, 6)) {
                    Sql.update(c, "INSERT INTO hq_journal (device_id, seq, tenant, branch, id, hlc, type, payload,"
                            + " prev_hash, hash, received_at) VALUES (?, ?, 'acme', 'b1', ?, ?, ?, ?, ?, ?, 'then')",
                            "dev-1", e.seq(), e.id(), e.hlc(), e.type(), e.payload(), e.prevHash(), e.hash());
                }
                return Sql.update(c, "DELETE FROM hq_backfills WHERE name = ?", BackOfficeProjector.BACKFILL);
            });
            assertThat(counts(db)).containsExactly(1L, 0L, 0L, 0L, 0L, 0L);
        }
        for (int start = 0; start < 2; start++) {
            try (HqDatabase db = HqDatabase.open(url, dir)) {
                assertThat(counts(db)).as("start " + start).containsExactly(1L, 1L, 1L, 1L, 1L, 1L);
                assertThat(count(db, "hq_backfills")).isEqualTo(2);
            }
        }
        try (HqDatabase db = HqDatabase.open(url, dir)) {
            db.inTransaction(c -> Sql.update(c, "INSERT INTO hq_journal (device_id, seq, tenant, branch, id, hlc, type,"
                    + " payload, prev_hash, hash, received_at) VALUES ('dev-2', 1, 'acme', 'b1', 'x', 1, 'job.created',"
                    + " ?, 'p', 'h', 'then')", till.entries().getFirst().payload().replace("\"j1\"", "\"j-late\"")));
        }
        try (HqDatabase db = HqDatabase.open(url, dir)) {
            assertThat(count(db, "hq_jobs")).as("the backfill ran once; it does not run at every start").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void rowsAreAppendOnly(String store) {
        try (HqDatabase db = open(store)) {
            ingest(db).ingest(everyKind("dev-1").batch("acme", "b1", 1));
            for (String table : TABLES) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> db.inTransaction(c ->
                        Sql.update(c, "DELETE FROM " + table)))).as(table).hasMessageContaining("append-only");
            }
        }
    }
}

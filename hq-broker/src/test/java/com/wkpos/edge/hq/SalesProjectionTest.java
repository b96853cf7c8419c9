package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.hq.TillEntries.Line;
import com.wkpos.edge.hq.TillEntries.Pay;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HQ's sales, payments and refunds as projected at ingest, on a real store: SQLite always, PostgreSQL when reachable. */
class SalesProjectionTest {
    private static final LocalDate DAY = LocalDate.parse("2026-11-21");
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

    private static SalesViews.Query all() {
        return new SalesViews.Query("acme", null, null, null, SalesViews.DEFAULT_ZONE, 100);
    }

    private static List<Map<String, Object>> sales(HqDatabase db, SalesViews.Query q) {
        return db.inTransaction(c -> SalesViews.sales(c, q));
    }

    private static Map<String, Object> summary(HqDatabase db, SalesViews.Query q) {
        return db.inTransaction(c -> SalesViews.summary(c, q));
    }

    private static long count(HqDatabase db, String table) {
        return db.inTransaction(c -> Sql.number(c, "SELECT COUNT(*) FROM " + table));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> totals(Map<String, Object> summary) {
        return ((List<Map<String, Object>>) summary.get("totals")).getFirst();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void salesPaymentsAndRefundsAreListedOnceHoweverOftenTheyArrive(String store) {
        TillEntries till = new TillEntries("dev-1");
        till.sale("s1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("COF-250", 2, 998, 159),
                new Line("BAK-CRO", 1, 129, 8)), List.of(new Pay("CASH", 2000)));
        till.sale("s2", 2, "2026-11-21T09:20:00.250Z", "Ben", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CARD", 300), new Pay("CASH", 199)));
        till.refund(SalesProjector.REFUND, "r1", "s1", "2026-11-21T10:00:00Z", "COF-250", 1, 499);
        till.refund(SalesProjector.VOID, "v1", "s2", "2026-11-21T10:05:00Z", "COF-250", 1, 499);
        try (HqDatabase db = open(store)) {
            JournalIngest in = ingest(db);
            assertThat(in.ingest(till.batch("acme", "b1", 1)).ackedSeq()).isEqualTo(4);
            assertThat(in.ingest(till.batch("acme", "b1", 1)).duplicates()).as("re-delivered whole").isEqualTo(4);
            assertThat(in.ingest(till.batch("acme", "b1", 3)).duplicates()).as("re-delivered in part").isEqualTo(2);

            assertThat(count(db, "hq_sales")).isEqualTo(2);
            assertThat(count(db, "hq_sale_payments")).isEqualTo(3);
            assertThat(count(db, "hq_refunds")).isEqualTo(2);
            List<Map<String, Object>> sales = sales(db, all());
            assertThat(sales).extracting(s -> s.get("saleId")).as("newest first").containsExactly("s2", "s1");
            assertThat(sales.get(1)).containsAllEntriesOf(Map.of("branch", "b1", "device", "dev-1", "seq", 1L,
                    "invoiceNo", 1L, "occurredAt", "2026-11-21T09:15:00Z", "total", 1127L, "tax", 167L, "net", 960L,
                    "lines", 2, "cashier", "Anna"));
            assertThat(sales.get(1)).containsEntry("staffId", "anna").containsEntry("paid", 2000L)
                    .containsEntry("change", 873L).containsEntry("refunded", 499L)
                    .containsEntry("payments", List.of(payment("CASH", 2000)));
            assertThat(sales.get(0)).containsEntry("refunded", 499L)
                    .containsEntry("payments", List.of(payment("CARD", 300), payment("CASH", 199)));

            Map<String, Object> sum = summary(db, all());
            assertThat((List<?>) sum.get("branches")).singleElement().isEqualTo(Map.of("branch", "b1", "currency", "EUR",
                    "sales", 2L, "gross", 1626L, "tax", 247L, "refundCount", 2L, "refunds", 998L, "net", 628L));
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> HqViews.stock(c, "acme", "b1", null))).containsExactly(
                    Map.of("branch", "b1", "sku", "BAK-CRO", "movement", -1L, "onHand", -1L, "moves", 1L),
                    Map.of("branch", "b1", "sku", "COF-250", "movement", -1L, "onHand", -1L, "moves", 4L));
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> HqViews.stock(c, "acme", null, "BAK-CRO")))
                    .extracting(r -> r.get("sku")).containsExactly("BAK-CRO");
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 10))).isEmpty();
        }
    }

    private static Map<String, Object> payment(String method, long amount) {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("method", method);
        p.put("amount", amount);
        p.put("reference", null);
        return p;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theSameSaleUploadedAgainByARestoredBoxIsNotCountedTwice(String store) {
        TillEntries before = new TillEntries("dev-old");
        before.sale("s1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CASH", 499)));
        TillEntries restored = new TillEntries("dev-new");
        restored.sale("s1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CASH", 499)));
        restored.sale("s3", 2, "2026-11-21T11:00:00Z", "Anna", List.of(new Line("BAK-CRO", 1, 129, 8)),
                List.of(new Pay("CASH", 129)));
        try (HqDatabase db = open(store)) {
            JournalIngest in = ingest(db);
            in.ingest(before.batch("acme", "b1", 1));
            assertThat(in.ingest(restored.batch("acme", "b1", 1)).inserted()).as("the journal keeps both").isEqualTo(2);
            assertThat(sales(db, all())).extracting(s -> s.get("saleId"), s -> s.get("device"))
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("s3", "dev-new"),
                            org.assertj.core.groups.Tuple.tuple("s1", "dev-old"));
            assertThat(count(db, "hq_sale_payments")).as("nor its payments").isEqualTo(2);
            assertThat(totals(summary(db, all()))).containsEntry("sales", 2L).containsEntry("gross", 628L);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void daysAreTheBranchesDaysAndTheNewestSaleComesFirst(String store) {
        TillEntries till = new TillEntries("dev-1");
        // Berlin is UTC+1 in November: 23:00Z is already the next day there
        till.sale("late", 1, "2026-11-21T22:59:59Z", "Anna", List.of(new Line("A", 1, 100, 16)), List.of(new Pay("CASH", 100)));
        till.sale("later", 2, "2026-11-21T22:59:59.500Z", "Anna", List.of(new Line("A", 1, 200, 32)), List.of(new Pay("CASH", 200)));
        till.sale("next-day", 3, "2026-11-21T23:00:00Z", "Anna", List.of(new Line("A", 1, 400, 64)), List.of(new Pay("CASH", 400)));
        till.refund(SalesProjector.REFUND, "r1", "late", "2026-11-21T23:30:00Z", "A", 1, 100);
        try (HqDatabase db = open(store)) {
            ingest(db).ingest(till.batch("acme", "b1", 1));
            ZoneId berlin = SalesViews.DEFAULT_ZONE;
            SalesViews.Query day = new SalesViews.Query("acme", "b1", DAY, DAY, berlin, 100);
            assertThat(sales(db, day)).extracting(s -> s.get("saleId")).as("by instant, not by text")
                    .containsExactly("later", "late");
            assertThat(totals(summary(db, day))).containsEntry("sales", 2L).containsEntry("gross", 300L)
                    .as("the refund was made the next day").containsEntry("refunds", 0L);
            SalesViews.Query next = new SalesViews.Query("acme", "b1", DAY.plusDays(1), null, berlin, 100);
            assertThat(sales(db, next)).extracting(s -> s.get("saleId")).containsExactly("next-day");
            assertThat(totals(summary(db, next))).containsEntry("refunds", 100L).containsEntry("net", 300L);
            assertThat(sales(db, new SalesViews.Query("acme", null, DAY, DAY, ZoneOffset.UTC, 100))).hasSize(3);
            assertThat(sales(db, new SalesViews.Query("acme", null, null, null, berlin, 1)))
                    .extracting(s -> s.get("saleId")).containsExactly("next-day");
            assertThat(sales(db, new SalesViews.Query("acme", "b2", null, null, berlin, 100))).isEmpty();
            assertThat(sales(db, new SalesViews.Query("other", null, null, null, berlin, 100))).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anEntryHqCannotReadIsKeptAlarmedAndNotListed(String store) {
        TillEntries till = new TillEntries("dev-1");
        till.append(SalesProjector.SALE, "{\"occurredAt\":\"2026-11-21T09:00:00Z\",\"total\":100}");
        till.append(SalesProjector.SALE, "{\"saleId\":\"s1\",\"occurredAt\":\"yesterday\",\"total\":100}");
        till.append(SalesProjector.SALE, "{\"saleId\":\"s1\",\"occurredAt\":\"2026-11-21T09:00:00Z\",\"total\":\"100\"}");
        till.append(SalesProjector.REFUND, "[1,2]");
        till.sale("s1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("A", 1, 100, 16)), List.of(new Pay("CASH", 100)));
        try (HqDatabase db = open(store)) {
            assertThat(ingest(db).ingest(till.batch("acme", "b1", 1)).ackedSeq()).as("stored and acked").isEqualTo(5);
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 10))).hasSize(4)
                    .allSatisfy(a -> assertThat(a.get("kind")).isEqualTo("sale-malformed"))
                    .extracting(a -> (String) a.get("detail")).anySatisfy(d -> assertThat(d).contains("saleId"))
                    .anySatisfy(d -> assertThat(d).contains("occurredAt is not an instant"))
                    .anySatisfy(d -> assertThat(d).contains("total must be an integer"))
                    .anySatisfy(d -> assertThat(d).contains("not a JSON object"));
            assertThat(sales(db, all())).extracting(s -> s.get("seq")).containsExactly(5L);
            assertThat(count(db, "hq_refunds")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void entriesStoredBeforeTheseViewsExistedAreListedOnceAtStart(String store) {
        TillEntries till = new TillEntries("dev-1");
        till.sale("s1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("A", 1, 100, 16)), List.of(new Pay("CASH", 100)));
        till.sale("s2", 2, "2026-11-21T09:16:00Z", "Anna", List.of(new Line("A", 1, 300, 48)), List.of(new Pay("CASH", 300)));
        till.refund(SalesProjector.REFUND, "r1", "s2", "2026-11-21T09:30:00Z", "A", 1, 300);
        String url = store.equals("sqlite") ? null : store;
        try (HqDatabase db = HqDatabase.open(url, dir)) {
            ingest(db).ingest(com.wkpos.edge.protocol.JournalBatch.of("acme", "b1", "dev-1", till.entries().subList(0, 1)));
            // s2 and r1 as an HQ without these views stored them: in the journal only, and no marker
            db.inTransaction(c -> {
                for (var e : till.entries().subList(1, 3)) {
                    Sql.update(c, "INSERT INTO hq_journal (device_id, seq, tenant, branch, id, hlc, type, payload,"
                            + " prev_hash, hash, received_at) VALUES (?, ?, 'acme', 'b1', ?, ?, ?, ?, ?, ?, 'then')",
                            "dev-1", e.seq(), e.id(), e.hlc(), e.type(), e.payload(), e.prevHash(), e.hash());
                }
                return Sql.update(c, "DELETE FROM hq_backfills");
            });
            assertThat(count(db, "hq_sales")).isEqualTo(1);
        }
        for (int start = 0; start < 2; start++) {
            try (HqDatabase db = HqDatabase.open(url, dir)) {
                assertThat(sales(db, all())).as("start " + start).extracting(s -> s.get("saleId"), s -> s.get("refunded"))
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("s2", 300L),
                                org.assertj.core.groups.Tuple.tuple("s1", 0L));
                assertThat(count(db, "hq_refunds")).isEqualTo(1);
            }
        }
    }
}

package com.wkpos.edge.agent.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.catalog.CatalogDocument;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.stock.Stock;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesTest {
    @TempDir
    Path dir;

    private static long ledgerSum(TestBranch b, String column, String saleId) {
        return b.journal.read(c -> {
            try (var ps = c.prepareStatement("SELECT SUM(" + column + ") FROM ledger_entries WHERE txn_id = ?")) {
                ps.setString(1, "sale:" + saleId);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void saleCommitsEverythingInOneEntry() {
        try (TestBranch b = new TestBranch(dir)) {
            long stockBefore = Stock.level(b.journal, "COF-250").orElseThrow().onHand();
            long seqBefore = b.journal.head().seq();
            Sales.Completed done = b.sales.complete(TestBranch.cash("COF-250", 2, 2000), "k1", "test");
            SaleView s = done.sale();
            assertThat(done.replayed()).isFalse();
            assertThat(s.invoiceNo()).isEqualTo(1);
            assertThat(s.total()).isEqualTo(1398);
            assertThat(s.change()).isEqualTo(602);
            assertThat(b.journal.head().seq()).isEqualTo(seqBefore + 1);
            assertThat(Stock.level(b.journal, "COF-250").orElseThrow().onHand()).isEqualTo(stockBefore - 2);
            assertThat(ledgerSum(b, "debit", s.id())).isEqualTo(1398).isEqualTo(ledgerSum(b, "credit", s.id()));
        }
    }

    @Test
    void invoiceNumbersAreGaplessEvenWhenSalesFailInBetween() {
        try (TestBranch b = new TestBranch(dir)) {
            b.sell("COF-250", 1);
            assertThatThrownBy(() -> b.sales.complete(TestBranch.cash("COF-250", 1, 1), "short", "test"))
                    .isInstanceOf(SaleRejectedException.class).hasMessageContaining("missing");
            assertThat(b.sell("COF-250", 1).sale().invoiceNo()).isEqualTo(2);
        }
    }

    @Test
    void sameKeySameRequestReturnsTheFirstSaleAndDifferentRequestIsRefused() {
        try (TestBranch b = new TestBranch(dir)) {
            SaleView first = b.sales.complete(TestBranch.cash("COF-250", 1, 1000), "key", "test").sale();
            Sales.Completed again = b.sales.complete(TestBranch.cash("COF-250", 1, 1000), "key", "test");
            assertThat(again.replayed()).isTrue();
            assertThat(again.sale()).isEqualTo(first);
            long seq = b.journal.head().seq();
            assertThatThrownBy(() -> b.sales.complete(TestBranch.cash("COF-250", 2, 2000), "key", "test"))
                    .extracting(e -> ((SaleRejectedException) e).reason())
                    .isEqualTo(SaleRejectedException.Reason.IDEMPOTENCY_KEY_REUSED);
            assertThat(b.journal.head().seq()).isEqualTo(seq);
        }
    }

    @Test
    void concurrentRequestsWithOneKeyMakeOneSale() throws Exception {
        try (TestBranch b = new TestBranch(dir); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Sales.Completed>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> b.sales.complete(TestBranch.cash("COF-250", 1, 1000), "same", "test")));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Sales.Completed> f : futures) {
                ids.add(f.get(30, TimeUnit.SECONDS).sale().id());
            }
            assertThat(ids).containsOnly(ids.getFirst());
            long sales = b.journal.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sales")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(sales).isEqualTo(1);
        }
    }

    @Test
    void sellingBeyondStockIsAllowedByDefaultAndRaisesLowStock() throws Exception {
        try (TestBranch b = new TestBranch(dir)) {
            List<Events.Event> seen = new CopyOnWriteArrayList<>();
            b.events.subscribe(seen::add);
            long onHand = Stock.level(b.journal, "COF-250").orElseThrow().onHand();
            b.sell("COF-250", onHand + 3);
            assertThat(Stock.level(b.journal, "COF-250").orElseThrow().onHand()).isEqualTo(-3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(seen).anySatisfy(e -> {
                assertThat(e.type()).isEqualTo("stock.low");
                assertThat(e.data()).containsEntry("sku", "COF-250").containsEntry("onHand", -3L);
            });
        }
    }

    @Test
    void branchThatRefusesToOversellSaysSoAndWritesNothing() {
        try (TestBranch b = new TestBranch(dir, new SaleSettings("EUR", 0, true))) {
            long onHand = Stock.level(b.journal, "COF-250").orElseThrow().onHand();
            long seq = b.journal.head().seq();
            assertThatThrownBy(() -> b.sell("COF-250", onHand + 1))
                    .extracting(e -> ((SaleRejectedException) e).reason())
                    .isEqualTo(SaleRejectedException.Reason.INSUFFICIENT_STOCK);
            assertThat(b.journal.head().seq()).isEqualTo(seq);
            assertThat(b.sell("COF-250", onHand).sale().invoiceNo()).isEqualTo(1);
        }
    }

    @Test
    void aPriceChangeAfterTheSaleNeverChangesTheSale() {
        try (TestBranch b = new TestBranch(dir)) {
            SaleView sold = b.sell("COF-250", 1).sale();
            CatalogDocument demo = CatalogFile.demo();
            List<CatalogDocument.Product> products = demo.products().stream().map(p -> new CatalogDocument.Product(
                    p.id(), p.name(), p.category(), p.taxRate(), p.taxInclusive(), p.variants().stream()
                    .map(v -> v.sku().equals("COF-250") ? new CatalogDocument.Variant(v.sku(), v.name(), v.barcode(),
                            999L, v.stock(), v.reorderLevel()) : v).toList())).toList();
            assertThat(b.catalogs.load(new CatalogDocument(2L, demo.currency(), demo.taxRates(), demo.categories(),
                    products, demo.promotions()), "test", "EUR")).isTrue();
            assertThat(b.sales.find(sold.id()).orElseThrow()).isEqualTo(sold);
            assertThat(b.sell("COF-250", 1).sale().total()).isEqualTo(999);
        }
    }

    @Test
    void aRetryAfterAPriceRiseIsStillTheFirstSaleWhereManagersApprove() {
        try (TestBranch b = new TestBranch(dir)) {
            // with an approval limit every sale is priced before the write, so the retry meets the new price there
            Sales sales = new Sales(b.journal, b.catalogs, b.sales.settings(), b.events, SaleTill.defaults(), null,
                    new Approvals(new ApprovalPolicy(100_000L, null, null, false, false), null, b.journal, b.events,
                            Clock.systemUTC()));
            SaleView first = sales.complete(TestBranch.cash("COF-250", 1, 699), "paid-exactly", "test").sale();
            CatalogDocument demo = CatalogFile.demo();
            List<CatalogDocument.Product> products = demo.products().stream().map(p -> new CatalogDocument.Product(
                    p.id(), p.name(), p.category(), p.taxRate(), p.taxInclusive(), p.variants().stream()
                    .map(v -> v.sku().equals("COF-250") ? new CatalogDocument.Variant(v.sku(), v.name(), v.barcode(),
                            999L, v.stock(), v.reorderLevel()) : v).toList())).toList();
            assertThat(b.catalogs.load(new CatalogDocument(2L, demo.currency(), demo.taxRates(), demo.categories(),
                    products, demo.promotions()), "test", "EUR")).isTrue();
            long seq = b.journal.head().seq();
            Sales.Completed again = sales.complete(TestBranch.cash("COF-250", 1, 699), "paid-exactly", "test");
            assertThat(again.replayed()).isTrue();
            assertThat(again.sale()).isEqualTo(first);
            assertThat(b.journal.head().seq()).isEqualTo(seq);
            assertThatThrownBy(() -> sales.complete(TestBranch.cash("COF-250", 1, 699), "new-key", "test"))
                    .as("a new sale at the old amount is short").isInstanceOf(SaleRejectedException.class);
        }
    }

    @Test
    void loadingTheSameCatalogAgainWritesNothing() {
        try (TestBranch b = new TestBranch(dir)) {
            long seq = b.journal.head().seq();
            assertThat(b.catalogs.load(CatalogFile.demo(), "again", "EUR")).isFalse();
            assertThat(b.journal.head().seq()).isEqualTo(seq);
        }
    }

    @Test
    void everythingSurvivesARestart() {
        String id;
        try (TestBranch b = new TestBranch(dir)) {
            id = b.sell("COF-250", 1).sale().id();
        }
        try (TestBranch b = new TestBranch(dir)) {
            assertThat(b.sales.find(id)).isPresent();
            assertThat(b.catalogs.current().size()).isGreaterThan(300);
            assertThat(b.sell("COF-250", 1).sale().invoiceNo()).isEqualTo(2);
        }
    }

    @Test
    void requestShapeProblemsNameTheField() {
        try (TestBranch b = new TestBranch(dir)) {
            var noKey = TestBranch.cash("COF-250", 1, 1000);
            assertThatThrownBy(() -> b.sales.complete(noKey, null, "t")).hasMessageContaining("Idempotency-Key");
            var zero = TestBranch.cash("COF-250", 0, 1000);
            assertThatThrownBy(() -> b.sales.complete(zero, "k", "t")).hasMessageContaining("lines[0].qty");
            var huge = TestBranch.cash("COF-250", 10_001, 1000);
            assertThatThrownBy(() -> b.sales.complete(huge, "k", "t")).hasMessageContaining("1..10000");
            var card = new SaleRequest(List.of(new SaleRequest.Line("COF-250", null, 1L)), null,
                    List.of(new SaleRequest.Payment("CARD", 1000L)));
            assertThatThrownBy(() -> b.sales.complete(card, "k", "t")).extracting(e -> ((SaleRejectedException) e).reason())
                    .isEqualTo(SaleRejectedException.Reason.SPLIT_MISMATCH);
            var both = new SaleRequest(List.of(new SaleRequest.Line("COF-250", "4006381333931", 1L)), null,
                    List.of(new SaleRequest.Payment("CASH", 1000L)));
            assertThatThrownBy(() -> b.sales.complete(both, "k", "t")).hasMessageContaining("exactly one of sku and barcode");
        }
    }

    @Test
    void salesOfManyThreadsAllCommitWithGaplessInvoices() throws Exception {
        try (TestBranch b = new TestBranch(dir); ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Sales.Completed>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(pool.submit(() -> b.sales.complete(TestBranch.cash("BAK-CRO", 1, 1000),
                        UUID.randomUUID().toString(), "t")));
            }
            List<Long> invoices = new ArrayList<>();
            for (Future<Sales.Completed> f : futures) {
                invoices.add(f.get(30, TimeUnit.SECONDS).sale().invoiceNo());
            }
            assertThat(invoices).doesNotHaveDuplicates().hasSize(200);
            assertThat(invoices.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(200);
        }
    }
}

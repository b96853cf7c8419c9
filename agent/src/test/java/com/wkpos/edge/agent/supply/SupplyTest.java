package com.wkpos.edge.agent.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.agent.stock.Stock;
import com.wkpos.edge.protocol.SupplyCommand;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two branches on real journals, with HQ's part played by hand from ADR 013: each step at the box that
 * makes it, the other box taking it as a supply command, the refusals leaving the journal as it was,
 * redelivered and early commands, purchase orders with discrepancies, and stock = its movements.
 */
class SupplyTest {
    private static final String SKU = "COF-250";
    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    private Box a;
    private Box b;

    private static final class Box implements AutoCloseable {
        final TestBranch branch;
        final Transfers transfers;
        final PurchaseOrders orders;
        final SupplyInbox inbox;
        final StaffMember manager;
        final String code;
        long next = 1;

        Box(Path dir, String code) {
            this.code = code;
            branch = new TestBranch(dir);
            transfers = new Transfers(branch.journal, Clock.systemUTC(), branch.events, () -> Optional.ofNullable(code),
                    SupplyTest::serialized);
            orders = new PurchaseOrders(branch.journal, Clock.systemUTC(), branch.events, SupplyTest::serialized);
            inbox = new SupplyInbox(branch.journal, Clock.systemUTC(), branch.events);
            manager = branch.staff.directory().find("maria").orElseThrow();
        }

        long onHand(String sku) {
            return Stock.level(branch.journal, sku).map(Stock.Level::onHand).orElse(0L);
        }

        /** HQ's next command to this box. */
        boolean take(String kind, Map<String, Object> doc) {
            return inbox.apply(new SupplyCommand("acme", code, next++, kind, "2026-12-07T10:00:00Z",
                    CanonicalJson.tree(doc)));
        }

        @Override
        public void close() {
            branch.close();
        }
    }

    @BeforeEach
    void open() {
        a = new Box(dirA, "a");
        b = new Box(dirB, "b");
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static boolean serialized(String sku) {
        return sku.equals("GRIND-EL");
    }

    /** HQ's view of a transfer after a step, as ADR 013 has it. */
    private static Map<String, Object> doc(Transfers.View t, String status, String step, String by, String reason) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("transferId", t.id());
        d.put("from", t.from());
        d.put("to", t.to());
        d.put("status", status);
        d.put("note", t.note());
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Transfers.Line l : t.lines()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sku", l.sku());
            m.put("requested", l.requested());
            // as HQ writes them: 0 for what was not shipped or received yet
            m.put("shipped", l.shipped() == null ? 0 : l.shipped());
            m.put("received", l.received() == null ? 0 : l.received());
            m.put("reason", l.reason());
            lines.add(m);
        }
        d.put("lines", lines);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", step);
        s.put("branch", by);
        s.put("actor", "staff:maria");
        s.put("at", "2026-12-07T10:00:00Z");
        s.put("reason", reason);
        d.put("step", s);
        return d;
    }

    @Test
    void aTransferGoesFromRequestToCloseAtBothBranches() throws Exception {
        long startA = a.onHand(SKU);
        long startB = b.onHand(SKU);
        Transfers.View asked = b.transfers.request(new Transfers.NewTransfer(null, "a",
                List.of(new Transfers.LineRequest(SKU, 5L, null)), "Wochenende"), b.manager);
        assertThat(asked.status()).isEqualTo("PENDING");
        assertThat(asked.from()).isEqualTo("a");
        assertThat(asked.to()).isEqualTo("b");
        assertThat(lastPayload(b, "transfer.requested").get("lines").get(0).get("requested").asLong()).isEqualTo(5);

        assertThat(a.take("transfer", doc(asked, "PENDING", "requested", "b", null))).isTrue();
        Head afterFirst = a.branch.journal.head();
        assertThat(a.inbox.apply(new SupplyCommand("acme", "a", 3, "transfer", null,
                CanonicalJson.tree(doc(asked, "PENDING", "requested", "b", null))))).as("one ahead of the next").isFalse();
        assertThat(a.inbox.apply(new SupplyCommand("acme", "a", 1, "transfer", null,
                CanonicalJson.tree(doc(asked, "PENDING", "requested", "b", null))))).as("a redelivery").isFalse();
        assertThat(a.branch.journal.head()).isEqualTo(afterFirst);
        assertThat(a.transfers.find(asked.id()).orElseThrow().status()).isEqualTo("PENDING");

        Transfers.View approved = a.transfers.approve(asked.id(), a.manager);
        assertThat(approved.status()).isEqualTo("APPROVED");
        Transfers.View shipped = a.transfers.ship(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest(SKU, 3L, null))), a.manager);
        assertThat(shipped.status()).isEqualTo("SHIPPED");
        assertThat(a.onHand(SKU)).as("stock left a").isEqualTo(startA - 3);
        JsonNode ship = lastPayload(a, "transfer.shipped");
        assertThat(ship.get("stock").get(0).get("delta").asLong()).as("HQ sums it").isEqualTo(-3);

        assertThat(b.take("transfer", doc(approved, "APPROVED", "approved", "a", null))).isTrue();
        assertThat(b.take("transfer", doc(shipped, "SHIPPED", "shipped", "a", null))).isTrue();
        assertThat(b.transfers.find(asked.id()).orElseThrow().lines().getFirst().shipped()).isEqualTo(3);

        Head beforeReceive = b.branch.journal.head();
        refused(() -> b.transfers.receive(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest(SKU, 2L, null))), b.manager), "discrepancy-reason-required");
        refused(() -> b.transfers.receive(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest(SKU, 4L, null))), b.manager), "discrepancy-reason-required");
        assertThat(b.branch.journal.head()).isEqualTo(beforeReceive);
        Transfers.View received = b.transfers.receive(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest(SKU, 2L, "one broken in transit"))), b.manager);
        assertThat(received.status()).isEqualTo("PARTIALLY_RECEIVED");
        assertThat(b.onHand(SKU)).isEqualTo(startB + 2);
        refused(() -> b.transfers.receive(asked.id(), null, b.manager), "step-done");

        assertThat(a.take("transfer", doc(received, "PARTIALLY_RECEIVED", "received", "b", null))).isTrue();
        Transfers.View atA = a.transfers.find(asked.id()).orElseThrow();
        assertThat(atA.lines().getFirst().received()).isEqualTo(2);
        assertThat(atA.lines().getFirst().reason()).isEqualTo("one broken in transit");
        Transfers.View closed = a.transfers.close(asked.id(), new Transfers.StepRequest("settled", null), a.manager);
        assertThat(closed.status()).isEqualTo("CLOSED");
        assertThat(b.take("transfer", doc(closed, "CLOSED", "closed", "a", "settled"))).isTrue();
        Transfers.View atB = b.transfers.find(asked.id()).orElseThrow();
        assertThat(atB.status()).isEqualTo("CLOSED");
        assertThat(atB.steps()).extracting(Transfers.Step::step)
                .containsExactly("requested", "approved", "shipped", "received", "closed");
        assertThat(a.transfers.find(asked.id()).orElseThrow().steps()).extracting(Transfers.Step::step)
                .containsExactly("requested", "approved", "shipped", "received", "closed");
        assertThat(a.onHand(SKU) + b.onHand(SKU)).as("one went missing in transit, as received")
                .isEqualTo(startA + startB - 1);
        assertThat(Agent.verifier().verify(dirA).findings()).isEmpty();
        assertThat(Agent.verifier().verify(dirB).findings()).isEmpty();
        assertStockIsItsMovements(a);
        assertStockIsItsMovements(b);
    }

    @Test
    void badStepsAreRefusedAndJournalNothing() {
        Head beforeB = b.branch.journal.head();
        List<Transfers.LineRequest> five = List.of(new Transfers.LineRequest(SKU, 5L, null));
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "b", five, null), b.manager), "transfer-to-itself");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a", five, null), b.branch.cashier),
                "manager-required");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a b", five, null), b.manager), "invalid-field");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a", List.of(), null), b.manager), "invalid-field");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a",
                List.of(new Transfers.LineRequest(SKU, -1L, null)), null), b.manager), "invalid-field");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a",
                List.of(new Transfers.LineRequest(SKU, 0L, null)), null), b.manager), "invalid-field");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a", List.of(new Transfers.LineRequest(SKU, 1L,
                null), new Transfers.LineRequest(SKU, 2L, null)), null), b.manager), "invalid-field");
        refused(() -> b.transfers.request(new Transfers.NewTransfer(null, "a",
                List.of(new Transfers.LineRequest("NO-SUCH", 1L, null)), null), b.manager), "unknown-product");
        Transfers offline = new Transfers(b.branch.journal, Clock.systemUTC(), b.branch.events, Optional::empty,
                SupplyTest::serialized);
        refused(() -> offline.request(new Transfers.NewTransfer(null, "a", five, null), b.manager), "no-hq");
        assertThat(b.branch.journal.head()).isEqualTo(beforeB);

        Transfers.View asked = b.transfers.request(new Transfers.NewTransfer(UUID.randomUUID().toString(), "a", five,
                null), b.manager);
        refused(() -> b.transfers.request(new Transfers.NewTransfer(asked.id(), "a", five, null), b.manager),
                "transfer-exists");
        refused(() -> b.transfers.approve(asked.id(), b.manager), "not-your-step");
        refused(() -> b.transfers.receive(asked.id(), null, b.manager), "transfer-not-shipped");
        a.take("transfer", doc(asked, "PENDING", "requested", "b", null));
        Head beforeA = a.branch.journal.head();
        refused(() -> a.transfers.ship(asked.id(), null, a.manager), "transfer-not-approved");
        refused(() -> a.transfers.reject(asked.id(), new Transfers.StepRequest(" ", null), a.manager), "invalid-field");
        refused(() -> a.transfers.close(asked.id(), null, a.manager), "transfer-not-received");
        refused(() -> a.transfers.approve(UUID.randomUUID().toString(), a.manager), "unknown-transfer");
        refused(() -> a.transfers.approve(asked.id(), a.branch.cashier), "manager-required");
        assertThat(a.branch.journal.head()).isEqualTo(beforeA);
        a.transfers.approve(asked.id(), a.manager);
        refused(() -> a.transfers.approve(asked.id(), a.manager), "step-done");
        Head approved = a.branch.journal.head();
        refused(() -> a.transfers.ship(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest(SKU, 6L, null))), a.manager), "invalid-field");
        refused(() -> a.transfers.ship(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest(SKU, 0L, null))), a.manager), "invalid-field");
        refused(() -> a.transfers.ship(asked.id(), new Transfers.StepRequest(null,
                List.of(new Transfers.LineRequest("TEA-100", 1L, null))), a.manager), "invalid-field");
        new com.wkpos.edge.agent.stock.StockMoves(a.branch.journal, Clock.systemUTC(), a.branch.events,
                new com.wkpos.edge.agent.approval.Approvals(com.wkpos.edge.agent.approval.ApprovalPolicy.none(),
                        a.branch.staff, a.branch.journal, a.branch.events, Clock.systemUTC()), a.branch.catalogs)
                .move(new com.wkpos.edge.agent.stock.StockMoves.Request(java.util.UUID.randomUUID().toString(), "INITIAL",
                        SKU, null, 4L, "count", null),
                        a.manager, "test");
        Head counted = a.branch.journal.head();
        refused(() -> a.transfers.ship(asked.id(), null, a.manager), "not-enough-stock");
        assertThat(a.branch.journal.head()).isEqualTo(counted);
        assertThat(approved.seq()).isLessThan(counted.seq());
        assertThat(a.onHand(SKU)).isEqualTo(4);
    }

    @Test
    void aDocumentTheBranchCannotTakeIsJournaledAsIgnoredAndTheSequenceMovesOn() throws Exception {
        Transfers.View asked = b.transfers.request(new Transfers.NewTransfer(null, "a",
                List.of(new Transfers.LineRequest(SKU, 1L, null)), null), b.manager);
        Map<String, Object> elsewhere = doc(asked, "PENDING", "requested", "b", null);
        elsewhere.put("from", "c");
        elsewhere.put("to", "d");
        assertThat(a.take("transfer", elsewhere)).isTrue();
        assertThat(a.transfers.find(asked.id())).as("not a party: nothing changes").isEmpty();
        Map<String, Object> broken = doc(asked, "SOMEWHERE", "requested", "b", null);
        assertThat(a.take("transfer", broken)).isTrue();
        assertThat(a.take("transfer", doc(asked, "PENDING", "requested", "b", null))).isTrue();
        assertThat(a.inbox.lastApplied()).isEqualTo(3);
        assertThat(a.transfers.find(asked.id())).isPresent();
        assertThat(Agent.verifier().verify(dirA).findings()).isEmpty();
    }

    @Test
    void goodsAreReceivedAgainstAPurchaseOrderWithTheirDiscrepancies() throws Exception {
        long start = b.onHand(SKU);
        String po = UUID.randomUUID().toString();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("poId", po);
        d.put("branch", "b");
        d.put("supplier", "Rösterei Nord");
        d.put("status", "SENT");
        d.put("note", null);
        d.put("lines", List.of(Map.of("sku", SKU, "ordered", 10, "received", 0), Map.of("sku", "TEA-100", "ordered", 4,
                "received", 0)));
        assertThat(b.take("purchase-order", d)).isTrue();
        assertThat(b.orders.find(po).orElseThrow().status()).isEqualTo("SENT");

        Head before = b.branch.journal.head();
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine(SKU, 11L, null))), b.branch.cashier), "discrepancy-reason-required");
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine("MUG-01", 1L, null))), b.branch.cashier), "discrepancy-reason-required");
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine("GRIND-EL", 1L, "sent along"))), b.branch.cashier), "serials-required");
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine(SKU, -1L, null))), b.branch.cashier), "invalid-field");
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine(SKU, 0L, null))), b.branch.cashier), "invalid-field");
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(null,
                List.of(new PurchaseOrders.ReceiptLine(SKU, 1L, null))), b.branch.cashier), "invalid-field");
        refused(() -> b.orders.receive(UUID.randomUUID().toString(), new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine(SKU, 1L, null))), b.branch.cashier), "unknown-purchase-order");
        assertThat(b.branch.journal.head()).isEqualTo(before);

        String receipt = UUID.randomUUID().toString();
        PurchaseOrders.View part = b.orders.receive(po, new PurchaseOrders.ReceiptRequest(receipt,
                List.of(new PurchaseOrders.ReceiptLine(SKU, 6L, null))), b.branch.cashier);
        assertThat(part.status()).isEqualTo("PARTIALLY_RECEIVED");
        assertThat(b.onHand(SKU)).isEqualTo(start + 6);
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(receipt,
                List.of(new PurchaseOrders.ReceiptLine(SKU, 6L, null))), b.branch.cashier), "receipt-exists");
        PurchaseOrders.View done = b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(), List.of(
                new PurchaseOrders.ReceiptLine(SKU, 5L, "one extra in the box"), new PurchaseOrders.ReceiptLine("TEA-100", 4L, null))),
                b.branch.cashier);
        assertThat(done.status()).isEqualTo("RECEIVED");
        assertThat(done.lines()).extracting(PurchaseOrders.Line::received).containsExactly(11L, 4L);
        assertThat(done.receipts()).hasSize(2);
        assertThat(done.receipts().get(1).lines().get(0).get("reason").asText()).isEqualTo("one extra in the box");
        JsonNode p = lastPayload(b, "po.received");
        assertThat(p.get("stock")).hasSize(2);
        refused(() -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                List.of(new PurchaseOrders.ReceiptLine(SKU, 1L, "late"))), b.branch.cashier), "purchase-order-not-open");
        d.put("status", "SENT");
        assertThat(b.take("purchase-order", d)).as("an old view from HQ").isTrue();
        assertThat(b.orders.find(po).orElseThrow().status()).as("never moves back").isEqualTo("RECEIVED");
        assertThat(Agent.verifier().verify(dirB).findings()).isEmpty();
        assertStockIsItsMovements(b);
    }

    @Test
    void aSerializedItemIsReceivedAgainstAPurchaseOrderUnitByUnit() throws Exception {
        String po = UUID.randomUUID().toString();
        assertThat(b.take("purchase-order", Map.of("poId", po, "branch", "b", "supplier", "Elektro Nord",
                "status", "SENT", "lines", List.of(Map.of("sku", "GRIND-EL", "ordered", 3),
                        Map.of("sku", SKU, "ordered", 2))))).isTrue();
        Head before = b.branch.journal.head();
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 2L, null, List.of("GR-1"))),
                "serials-required");
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 2L, null)), "serials-required");
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 2L, null, List.of("GR-1", "GR-1"))),
                "invalid-field");
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 1L, null, List.of("GR 1"))),
                "invalid-field");
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine(SKU, 1L, null, List.of("X-1"))), "invalid-field");
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 0L, null, List.of("GR-1")),
                new PurchaseOrders.ReceiptLine(SKU, 1L, null)), "serials-required");
        assertThat(b.branch.journal.head()).as("refusals journal nothing").isEqualTo(before);

        PurchaseOrders.View part = receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 2L, null,
                List.of("GR-1", "GR-2")), new PurchaseOrders.ReceiptLine(SKU, 2L, null));
        assertThat(part.status()).isEqualTo("PARTIALLY_RECEIVED");
        assertThat(b.onHand("GRIND-EL")).isEqualTo(2);
        assertThat(units(b, "GRIND-EL")).containsExactly("GR-1 IN_STOCK po:" + po, "GR-2 IN_STOCK po:" + po);
        assertThat(lastPayload(b, "po.received").get("lines").get(0).get("serials").toString())
                .isEqualTo("[\"GR-1\",\"GR-2\"]");

        Head received = b.branch.journal.head();
        refused(() -> receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 1L, null, List.of("GR-2"))),
                "serial-in-stock");
        assertThat(b.branch.journal.head()).isEqualTo(received);
        PurchaseOrders.View done = receipt(po, new PurchaseOrders.ReceiptLine("GRIND-EL", 1L, null, List.of("GR-3")));
        assertThat(done.status()).isEqualTo("RECEIVED");
        assertThat(b.onHand("GRIND-EL")).isEqualTo(3);
        assertThat(units(b, "GRIND-EL")).hasSize(3);
        assertThat(Agent.verifier().verify(dirB).findings()).isEmpty();
        assertStockIsItsMovements(b);
    }

    private PurchaseOrders.View receipt(String po, PurchaseOrders.ReceiptLine... lines) {
        return b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(), List.of(lines)),
                b.branch.cashier);
    }

    /** The box's units of a SKU: {@code serial status ref}, by serial. */
    private static List<String> units(Box box, String sku) {
        return box.branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT serial, status, ref_id FROM serial_units"
                    + " WHERE sku = ? ORDER BY serial")) {
                ps.setString(1, sku);
                List<String> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                    }
                }
                return out;
            }
        });
    }

    @Test
    void anyMixOfTransfersReceiptsAndSalesKeepsStockTheSumOfItsMovements() throws Exception {
        Random random = new Random(14);
        String po = UUID.randomUUID().toString();
        b.take("purchase-order", Map.of("poId", po, "branch", "b", "supplier", "S", "status", "SENT",
                "lines", List.of(Map.of("sku", SKU, "ordered", 500))));
        for (int i = 0; i < 60; i++) {
            switch (random.nextInt(4)) {
                case 0 -> {
                    long qty = 1 + random.nextInt(4);
                    Transfers.View t = b.transfers.request(new Transfers.NewTransfer(null, "a",
                            List.of(new Transfers.LineRequest(SKU, qty, null)), null), b.manager);
                    a.take("transfer", doc(t, "PENDING", "requested", "b", null));
                    a.transfers.approve(t.id(), a.manager);
                    try {
                        Transfers.View s = a.transfers.ship(t.id(), null, a.manager);
                        b.take("transfer", doc(s, "SHIPPED", "shipped", "a", null));
                        long got = random.nextInt((int) qty + 1);
                        b.transfers.receive(t.id(), new Transfers.StepRequest(null, List.of(
                                new Transfers.LineRequest(SKU, got, got == qty ? null : "short"))), b.manager);
                    } catch (Refused e) {
                        assertThat(e.type()).isEqualTo("not-enough-stock");
                    }
                }
                case 1 -> b.orders.receive(po, new PurchaseOrders.ReceiptRequest(UUID.randomUUID().toString(),
                        List.of(new PurchaseOrders.ReceiptLine(SKU, 1L + random.nextInt(5), null))), b.branch.cashier);
                case 2 -> b.branch.sell(SKU, 1);
                default -> a.branch.sell(SKU, 1);
            }
        }
        assertStockIsItsMovements(a);
        assertStockIsItsMovements(b);
        assertThat(Agent.verifier().verify(dirA).findings()).isEmpty();
        assertThat(Agent.verifier().verify(dirB).findings()).isEmpty();
    }

    private static void assertStockIsItsMovements(Box box) {
        Map<String, long[]> rows = box.branch.journal.read(c -> {
            Map<String, long[]> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.sku, s.on_hand, (SELECT COALESCE(SUM(m.qty_delta), 0)"
                    + " FROM inventory_movements m WHERE m.sku = s.sku) FROM stock s"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            return out;
        });
        rows.forEach((sku, v) -> assertThat(v[0]).as("on hand of %s", sku).isEqualTo(v[1]));
    }

    private static JsonNode lastPayload(Box box, String type) {
        return box.branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM journal WHERE type = ? ORDER BY seq DESC"
                    + " LIMIT 1")) {
                ps.setString(1, type);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return CanonicalJson.read(rs.getString(1));
                }
            }
        });
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type) {
        assertThatThrownBy(call).isInstanceOf(Refused.class).satisfies(e -> assertThat(((Refused) e).type())
                .as(e.getMessage()).isEqualTo(type));
    }
}

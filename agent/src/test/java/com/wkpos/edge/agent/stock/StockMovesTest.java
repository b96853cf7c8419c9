package com.wkpos.edge.agent.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Await;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalInput;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.refund.Exchanges;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.staff.StaffMember;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stock moved by hand on a real journal: each type's effect, the count, the refusals, and replay after any mix. */
class StockMovesTest {
    @TempDir
    Path dir;
    private TestBranch branch;
    private StockMoves moves;
    private StaffMember manager;

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        moves = moves(ApprovalPolicy.none());
        manager = branch.staff.directory().find("maria").orElseThrow();
    }

    @AfterEach
    void close() {
        branch.close();
    }

    private StockMoves moves(ApprovalPolicy policy) {
        return new StockMoves(branch.journal, Clock.systemUTC(), branch.events, new Approvals(policy, branch.staff,
                branch.journal, branch.events, Clock.systemUTC()), branch.catalogs);
    }

    private long onHand(String sku) {
        return Stock.level(branch.journal, sku).orElseThrow().onHand();
    }

    private StockMoves.Moved move(String type, String sku, Long qty, Long counted, StaffMember staff) {
        return moves.move(new StockMoves.Request(UUID.randomUUID().toString(), type, sku, qty, counted, "Inventur",
                "LS-4711"), staff, "test");
    }

    @Test
    void eachTypeMovesTheLevelAsItSays() throws Exception {
        long start = onHand("COF-250");
        assertThat(move("PURCHASE", "COF-250", 12L, null, branch.cashier).onHand()).isEqualTo(start + 12);
        assertThat(move("DAMAGE", "COF-250", 2L, null, manager).onHand()).isEqualTo(start + 10);
        assertThat(move("EXPIRED", "COF-250", 1L, null, manager).onHand()).isEqualTo(start + 9);
        assertThat(move("ADJUSTMENT", "COF-250", -3L, null, manager).onHand()).isEqualTo(start + 6);
        StockMoves.Moved counted = move("INITIAL", "COF-250", null, 7L, manager);
        assertThat(counted.onHand()).as("the count sets the level").isEqualTo(7);
        assertThat(counted.movement().delta()).as("by journaling the difference").isEqualTo(7 - (start + 6));
        assertThat(move("INITIAL", "COF-250", null, 7L, manager).movement().delta()).as("a count that agrees").isZero();
        assertThat(moves.history("COF-250", 10).stream().map(StockMoves.Movement::type).limit(6))
                .containsExactly("INITIAL", "INITIAL", "ADJUSTMENT", "EXPIRED", "DAMAGE", "PURCHASE");
        JsonNode payload = lastPayload();
        assertThat(payload.get("stock").get(0).get("sku").asText()).as("HQ sums it by shape, as a sale's").isEqualTo("COF-250");
        assertThat(payload.get("stock").get(0).get("delta").asLong()).isZero();
        assertThat(payload.get("counted").asLong()).isEqualTo(7);
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void aLevelFallingToItsReorderPointIsAnnounced() throws Exception {
        List<Events.Event> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = branch.events.subscribe(seen::add)) {
            Stock.Level level = Stock.level(branch.journal, "COF-250").orElseThrow();
            move("DAMAGE", "COF-250", level.onHand() - level.reorderLevel(), null, manager);
            Await.until("stock.low published", Duration.ofSeconds(5),
                    () -> seen.stream().anyMatch(e -> e.type().equals("stock.low")));
        }
        assertThat(seen).filteredOn(e -> e.type().equals("stock.low")).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("sku", "COF-250"));
        assertThat(moves.levels(true, 100)).extracting(Stock.Level::sku).contains("COF-250");
    }

    @Test
    void reorderSuggestionsFollowTheRateItSold() {
        Stock.Level level = Stock.level(branch.journal, "COF-250").orElseThrow();
        move("INITIAL", "COF-250", null, 40L, manager);
        for (int i = 0; i < 14; i++) {
            branch.sell("COF-250", 2);
        }
        long reorderLevel = level.reorderLevel();
        assertThat(moves.reorder(28, 7, 14)).as("12 left, at 1 a day it reaches %d within the lead time", reorderLevel)
                .filteredOn(x -> x.sku().equals("COF-250")).singleElement().satisfies(x -> {
                    assertThat(x.onHand()).isEqualTo(12);
                    assertThat(x.sold()).isEqualTo(28);
                    assertThat(x.perDay()).isEqualTo(1.0);
                    assertThat(x.daysLeft()).isEqualTo(12.0);
                    assertThat(x.suggested()).isEqualTo((long) Math.ceil(reorderLevel + 1.0 * (7 + 14) - 12));
                });
        assertThat(moves.reorder(28, 0, 14)).as("without a lead time it is not due yet (12 > %d)", reorderLevel)
                .extracting(StockMoves.Suggestion::sku).doesNotContain("COF-250");
        move("PURCHASE", "COF-250", 100L, null, branch.cashier);
        assertThat(moves.reorder(28, 7, 14)).extracting(StockMoves.Suggestion::sku).doesNotContain("COF-250");
    }

    @Test
    void badInputIsRefusedAndJournalsNothing() {
        Head before = branch.journal.head();
        refused(() -> move("DAMAGE", "COF-250", 1L, null, branch.cashier), "approval-required");
        refused(() -> move("INITIAL", "COF-250", null, 5L, branch.cashier), "approval-required");
        refused(() -> move("THEFT", "COF-250", 1L, null, manager), "invalid-field");
        refused(() -> move("PURCHASE", "NO-SUCH", 1L, null, manager), "unknown-product");
        refused(() -> move("PURCHASE", "COF-250", 0L, null, manager), "invalid-field");
        refused(() -> move("PURCHASE", "COF-250", -4L, null, manager), "invalid-field");
        refused(() -> move("ADJUSTMENT", "COF-250", 0L, null, manager), "invalid-field");
        refused(() -> move("PURCHASE", "COF-250", StockMoves.MAX_QTY + 1, null, manager), "invalid-field");
        refused(() -> move("INITIAL", "COF-250", null, -1L, manager), "invalid-field");
        refused(() -> move("INITIAL", "COF-250", null, null, manager), "invalid-field");
        refused(() -> move("DAMAGE", "COF-250", onHand("COF-250") + 1, null, manager), "not-enough-stock");
        refused(() -> moves.move(new StockMoves.Request(UUID.randomUUID().toString(), "DAMAGE", "COF-250", 1L, null,
                null, null), manager, "test"), "invalid-field");
        refused(() -> moves.move(new StockMoves.Request(UUID.randomUUID().toString(), "PURCHASE", "COF-250", 1L, null,
                "x".repeat(501), null), manager, "test"), "invalid-field");
        refused(() -> moves.move(new StockMoves.Request("not-a-uuid", "PURCHASE", "COF-250", 1L, null, null, null),
                manager, "test"), "invalid-field");
        assertThat(branch.journal.head()).isEqualTo(before);
        String id = UUID.randomUUID().toString();
        moves.move(new StockMoves.Request(id, "PURCHASE", "COF-250", 1L, null, null, null), branch.cashier, "test");
        Head once = branch.journal.head();
        refused(() -> moves.move(new StockMoves.Request(id, "PURCHASE", "COF-250", 1L, null, null, null),
                branch.cashier, "test"), "movement-exists");
        assertThat(branch.journal.head()).as("a retry with the same id books nothing").isEqualTo(once);
    }

    @Test
    void aDeliveryWithoutAnIdIsRefusedSoARetryCannotBookItTwice() {
        Head before = branch.journal.head();
        long onHand = onHand("COF-250");
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> moves.move(new StockMoves.Request(null, "PURCHASE", "COF-250", 12L, null, null,
                    "LS-4711"), branch.cashier, "test")).isInstanceOf(Refused.class).satisfies(e -> {
                        assertThat(((Refused) e).type()).isEqualTo("invalid-field");
                        assertThat(e.getMessage()).contains("id is required");
                    });
        }
        assertThat(branch.journal.head()).as("nothing journaled").isEqualTo(before);
        assertThat(onHand("COF-250")).isEqualTo(onHand);
    }

    @Test
    void anyMixOfMovesSalesExchangesAndReservationsKeepsTheLevelTheSumOfItsMovements() {
        Random r = new Random(42);
        List<String> skus = List.of("COF-250", "COF-500", "BAK-CRO");
        StockReservations reservations = new StockReservations(branch.journal, Clock.systemUTC());
        List<String> open = new ArrayList<>();
        List<String> sold = new ArrayList<>();
        int exchanged = 0;
        for (int i = 0; i < 400; i++) {
            String sku = skus.get(r.nextInt(skus.size()));
            try {
                switch (r.nextInt(9)) {
                    case 8 -> {
                        if (!sold.isEmpty()) {
                            exchange(sold.get(r.nextInt(sold.size())), sku);
                            exchanged++;
                        }
                    }
                    case 6 -> {
                        long before = onHand(sku);
                        open.add(reservations.reserve(new StockReservations.Request(null, sku, 1L + r.nextInt(10),
                                "WEB-" + i, null), branch.cashier).reservation().id());
                        assertThat(onHand(sku)).as("a reservation leaves on hand alone").isEqualTo(before);
                    }
                    case 7 -> {
                        if (!open.isEmpty()) {
                            String id = open.remove(r.nextInt(open.size()));
                            String held = reservations.find(id).orElseThrow().sku();
                            long before = onHand(held);
                            reservations.release(id, "cancelled", branch.cashier);
                            assertThat(onHand(held)).as("so does a release").isEqualTo(before);
                        }
                    }
                    case 0 -> move("PURCHASE", sku, 1L + r.nextInt(20), null, branch.cashier);
                    case 1 -> move("DAMAGE", sku, 1L + r.nextInt(5), null, manager);
                    case 2 -> move("EXPIRED", sku, 1L + r.nextInt(5), null, manager);
                    case 3 -> {
                        long change = r.nextInt(10) - 5;
                        move("ADJUSTMENT", sku, change >= 0 ? change + 1 : change, null, manager);
                    }
                    case 4 -> move("INITIAL", sku, null, (long) r.nextInt(60), manager);
                    default -> sold.add(branch.sell(sku, 1 + r.nextInt(3)).sale().id());
                }
            } catch (Refused e) {
                assertThat(e.type()).as(e.getMessage()).isIn("not-enough-stock", "refund-above-paid");
            }
        }
        assertThat(exchanged).as("exchanges were made").isGreaterThan(10);
        Map<String, Long> replay = branch.journal.read(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sku, SUM(qty_delta) FROM inventory_movements GROUP BY sku");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
        Map<String, long[]> reserved = branch.journal.read(c -> {
            Map<String, long[]> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT sku, SUM(reserved_delta), (SELECT"
                    + " COALESCE(SUM(open_qty), 0) FROM stock_reservations s WHERE s.sku = m.sku AND s.status = 'OPEN')"
                    + " FROM inventory_movements m GROUP BY sku"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            return out;
        });
        for (String sku : skus) {
            assertThat(onHand(sku)).as(sku).isEqualTo(replay.get(sku));
            long held = Stock.level(branch.journal, sku).orElseThrow().reserved();
            assertThat(held).as(sku + " reserved is the sum of its reserved deltas").isEqualTo(reserved.get(sku)[0]);
            assertThat(held).as(sku + " and what its open reservations hold").isEqualTo(reserved.get(sku)[1]);
        }
        assertThat(reservations.list(null, true, 1000)).extracting(StockReservations.Reservation::id)
                .containsExactlyInAnyOrderElementsOf(open);
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    /** One unit of the sale's first line back for one of {@code sku}, a difference either way in cash. */
    private void exchange(String saleId, String sku) {
        long credit = branch.refunds.quote(saleId, List.of(new Refunds.Request.Line(1, 1L))).amount();
        long total = branch.sales.quote(List.of(new SaleRequest.Line(sku, null, 1L)), null).total();
        branch.exchanges.exchange(saleId, new Exchanges.Request(List.of(new Refunds.Request.Line(1, 1L)), "swap",
                        total < credit ? "CASH" : null, List.of(new SaleRequest.Line(sku, null, 1L)), null,
                        total > credit ? List.of(new SaleRequest.Payment("CASH", total - credit)) : List.of(), null, null),
                UUID.randomUUID().toString(), new Cashier(branch.cashier.actor(), branch.cashier.id(),
                        branch.cashier.name()), "test");
    }

    /** COF-250 sells at 699: two units (1398) are within 1400, three (2097) are not. */
    private static final ApprovalPolicy UP_TO_1400 = new ApprovalPolicy(null, null, null, false, false, null, false,
            1400);

    private StockMoves.Moved writeOff(StockMoves with, String type, Long qty, Long counted, StaffMember staff,
                                      ApprovalInput approval) {
        return with.move(new StockMoves.Request(UUID.randomUUID().toString(), type, "COF-250", qty, counted,
                "dropped", null, approval), staff, "test");
    }

    @Test
    void aCashierWritesOffUpToTheThresholdWithoutAManager() {
        StockMoves gated = moves(UP_TO_1400);
        long start = onHand("COF-250");
        assertThat(writeOff(gated, "DAMAGE", 2L, null, branch.cashier, null).onHand()).isEqualTo(start - 2);
        assertThat(writeOff(gated, "EXPIRED", 1L, null, branch.cashier, null).onHand()).isEqualTo(start - 3);
        assertThat(writeOff(gated, "ADJUSTMENT", -2L, null, branch.cashier, null).onHand()).isEqualTo(start - 5);
        assertThat(writeOff(gated, "INITIAL", null, start - 3, branch.cashier, null).onHand())
                .as("a count two above the level").isEqualTo(start - 3);
        assertThat(entries("approval.granted")).isZero();
    }

    @Test
    void aboveTheThresholdACashierNeedsAManagerAndIsRefusedWithout() {
        StockMoves gated = moves(UP_TO_1400);
        Head before = branch.journal.head();
        assertThatThrownBy(() -> writeOff(gated, "DAMAGE", 3L, null, branch.cashier, null)).isInstanceOf(Refused.class)
                .satisfies(e -> {
                    Refused r = (Refused) e;
                    assertThat(r.type()).isEqualTo("approval-required");
                    assertThat(r.kind()).isEqualTo(Refused.Kind.FORBIDDEN);
                    assertThat(r.extensions().toString()).contains("STOCK_ADJUSTMENT").contains("2097");
                });
        refused(() -> writeOff(gated, "INITIAL", null, 0L, branch.cashier, null), "approval-required");
        refused(() -> writeOff(gated, "ADJUSTMENT", 3L, null, branch.cashier, null), "approval-required");
        refused(() -> writeOff(gated, "DAMAGE", 3L, null, branch.cashier, new ApprovalInput("ben", "2222", null)),
                "not-a-manager");
        assertThat(branch.journal.head()).as("nothing journaled").isEqualTo(before);
        refused(() -> writeOff(moves(ApprovalPolicy.none()), "DAMAGE", 1L, null, branch.cashier, null),
                "approval-required");
        assertThat(branch.journal.head()).as("the default 0: any write-off by a cashier").isEqualTo(before);
        assertThat(writeOff(gated, "PURCHASE", 50L, null, branch.cashier, null).movement().delta())
                .as("a delivery is no write-off").isEqualTo(50);
    }

    @Test
    void aManagersPinAllowsACashiersWriteOffAndIsJournaledWithIt() throws Exception {
        StockMoves gated = moves(UP_TO_1400);
        long start = onHand("COF-250");
        StockMoves.Moved moved = writeOff(gated, "DAMAGE", 3L, null, branch.cashier,
                new ApprovalInput("maria", "9999", null));
        assertThat(moved.onHand()).isEqualTo(start - 3);
        String approvalId = lastPayload().get("approvalId").asText();
        Approvals.View grant = new Approvals(UP_TO_1400, branch.staff, branch.journal, branch.events,
                Clock.systemUTC()).find(approvalId).orElseThrow();
        assertThat(grant.action()).isEqualTo("STOCK_ADJUSTMENT");
        assertThat(grant.amount()).isEqualTo(3 * 699);
        assertThat(grant.decidedBy()).isEqualTo("staff:maria");
        assertThat(grant.requestedBy()).isEqualTo(branch.cashier.actor());
        assertThat(grant.subject()).isEqualTo("stock-movement:" + moved.movement().id());
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void aRemoteApprovalCoversOneWriteOffOfUpToItsAmount() {
        Approvals approvals = new Approvals(UP_TO_1400, branch.staff, branch.journal, branch.events, Clock.systemUTC());
        StockMoves gated = new StockMoves(branch.journal, Clock.systemUTC(), branch.events, approvals, branch.catalogs);
        String id = approvals.request(Action.STOCK_ADJUSTMENT, "sku:COF-250", 3 * 699, "broken jar", branch.cashier).id();
        approvals.decide(id, manager, true, null);
        refused(() -> writeOff(gated, "DAMAGE", 4L, null, branch.cashier, new ApprovalInput(null, null, id)),
                "approval-not-valid");
        writeOff(gated, "DAMAGE", 3L, null, branch.cashier, new ApprovalInput(null, null, id));
        assertThat(approvals.find(id).orElseThrow().status()).isEqualTo("USED");
        refused(() -> writeOff(gated, "DAMAGE", 3L, null, branch.cashier, new ApprovalInput(null, null, id)),
                "approval-not-valid");
    }

    @Test
    void aManagerWritesOffAnyValueWithoutAnApproval() {
        long start = onHand("COF-250");
        assertThat(writeOff(moves(UP_TO_1400), "DAMAGE", 20L, null, manager, null).onHand()).isEqualTo(start - 20);
        assertThat(writeOff(moves(ApprovalPolicy.none()), "INITIAL", null, 0L, manager, null).onHand()).isZero();
        assertThat(entries("approval.granted")).isZero();
    }

    private long entries(String type) {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM journal WHERE type = ?")) {
                ps.setString(1, type);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private JsonNode lastPayload() {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM journal WHERE type = 'stock.moved'"
                    + " ORDER BY seq DESC LIMIT 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return CanonicalJson.read(rs.getString(1));
            }
        });
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type) {
        assertThatThrownBy(call).isInstanceOf(Refused.class).satisfies(e -> assertThat(((Refused) e).type())
                .as(e.getMessage()).isEqualTo(type));
    }
}

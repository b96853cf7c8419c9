package com.wkpos.edge.agent.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.print.ReceiptFacts;
import com.wkpos.edge.agent.print.SaleReceipts;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serialized item (the demo's grinder) on a real journal: units received by serial number, sold by it
 * (on the sale line and the receipt), returned into stock and written off; an unknown, sold, written-off,
 * missing or doubled serial is refused and journals nothing; the level is always its units in stock.
 */
class SerialUnitsTest {
    private static final String GRINDER = "GRIND-EL";
    @TempDir
    Path dir;
    private TestBranch branch;
    private StockMoves moves;
    private StaffMember manager;

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        moves = new StockMoves(branch.journal, Clock.systemUTC(), branch.events, new Approvals(ApprovalPolicy.none(),
                branch.staff, branch.journal, branch.events, Clock.systemUTC()), branch.catalogs);
        manager = branch.staff.directory().find("maria").orElseThrow();
    }

    @AfterEach
    void close() {
        branch.close();
    }

    private StockMoves.Moved move(String type, String sku, Long qty, Long counted, List<String> serials,
                                  StaffMember staff) {
        return moves.move(new StockMoves.Request(java.util.UUID.randomUUID().toString(), type, sku, qty, counted,
                "delivery", "LS-1", null, serials), staff, "test");
    }

    private SaleView sell(List<String> serials) {
        return branch.sales.complete(new SaleRequest(List.of(new SaleRequest.Line(GRINDER, null, (long) serials.size(),
                null, null, null, serials)), null, List.of(new SaleRequest.Payment("CASH", 1_000_000L))),
                UUID.randomUUID().toString(), "test").sale();
    }

    @Test
    void unitsAreReceivedSoldReturnedAndWrittenOffByTheirSerialNumbers() throws Exception {
        assertThat(move("PURCHASE", GRINDER, 3L, null, List.of("SN-1", "SN-2", "SN-3"), branch.cashier).onHand())
                .isEqualTo(3);
        assertThat(inStock()).containsExactly("SN-1", "SN-2", "SN-3");

        SaleView sale = sell(List.of("SN-1"));
        assertThat(sale.lines().getFirst().serials()).as("on the sale line").containsExactly("SN-1");
        assertThat(branch.sales.find(sale.id()).orElseThrow().lines().getFirst().serials()).as("read back")
                .containsExactly("SN-1");
        assertThat(receipt(sale)).contains("S/N SN-1");
        assertThat(inStock()).containsExactly("SN-2", "SN-3");
        assertThat(onHand()).isEqualTo(2);

        branch.refunds.refund(sale.id(), new Refunds.Request(List.of(new Refunds.Request.Line(1, 1L)), "CASH", null,
                "does not grind", null), UUID.randomUUID().toString(), branch.cashier.actor(), branch.cashier.id(), "test");
        assertThat(inStock()).as("returned into stock").containsExactly("SN-1", "SN-2", "SN-3");
        SaleView again = sell(List.of("SN-1", "SN-3"));
        assertThat(again.lines().getFirst().serials()).containsExactly("SN-1", "SN-3");

        move("DAMAGE", GRINDER, 1L, null, List.of("SN-2"), manager);
        assertThat(inStock()).isEmpty();
        assertThat(onHand()).isZero();
        assertThat(history("SN-1")).containsExactly("RECEIVED", "SOLD", "RETURNED", "SOLD");
        assertThat(history("SN-2")).containsExactly("RECEIVED", "WRITTEN_OFF");

        branch.refunds.voidSale(again.id(), "wrong customer", null, UUID.randomUUID().toString(), manager.actor(),
                manager.id(), "test");
        assertThat(inStock()).as("a void returns every unit").containsExactly("SN-1", "SN-3");
        assertThat(onHand()).isEqualTo(2);
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void badSerialsAreRefusedAndJournalNothing() {
        move("PURCHASE", GRINDER, 2L, null, List.of("SN-1", "SN-2"), branch.cashier);
        sell(List.of("SN-1"));
        move("DAMAGE", GRINDER, 1L, null, List.of("SN-2"), manager);
        move("PURCHASE", GRINDER, 1L, null, List.of("SN-3"), branch.cashier);
        Head before = branch.journal.head();
        refused(() -> move("PURCHASE", GRINDER, 2L, null, null, branch.cashier), "serials-required");
        refused(() -> move("PURCHASE", GRINDER, 2L, null, List.of("SN-9"), branch.cashier), "serials-required");
        refused(() -> move("PURCHASE", GRINDER, 2L, null, List.of("SN-9", "SN-9"), branch.cashier), "invalid-field");
        refused(() -> move("PURCHASE", GRINDER, 1L, null, List.of("SN 9"), branch.cashier), "invalid-field");
        refused(() -> move("PURCHASE", GRINDER, 1L, null, List.of("SN-3"), branch.cashier), "serial-in-stock");
        refused(() -> move("PURCHASE", "COF-250", 1L, null, List.of("X-1"), branch.cashier), "invalid-field");
        refused(() -> move("INITIAL", GRINDER, null, 5L, null, manager), "serialized-item");
        refused(() -> move("ADJUSTMENT", GRINDER, 1L, null, null, manager), "serialized-item");
        refused(() -> move("DAMAGE", GRINDER, 1L, null, List.of("SN-1"), manager), "serial-sold");
        refused(() -> branch.sales.complete(TestBranch.cash(GRINDER, 1, 1_000_000), UUID.randomUUID().toString(),
                "test"), "serials-required");
        refused(() -> sell(List.of("SN-404")), "unknown-serial");
        refused(() -> sell(List.of("SN-3\r")), "invalid-field");
        refused(() -> sell(java.util.Arrays.asList((String) null)), "invalid-field");
        refused(() -> move("PURCHASE", GRINDER, 1L, null, List.of("SN-1"), branch.cashier), "serial-sold");
        refused(() -> sell(List.of("SN-1")), "serial-sold");
        refused(() -> sell(List.of("SN-2")), "serial-written-off");
        refused(() -> branch.sales.complete(new SaleRequest(List.of(
                new SaleRequest.Line(GRINDER, null, 1L, null, null, null, List.of("SN-3")),
                new SaleRequest.Line(GRINDER, null, 1L, null, null, null, List.of("SN-3"))), null,
                List.of(new SaleRequest.Payment("CASH", 1_000_000L))), UUID.randomUUID().toString(), "test"),
                "invalid-field");
        refused(() -> branch.sales.complete(new SaleRequest(List.of(new SaleRequest.Line("COF-250", null, 1L, null, null,
                null, List.of("X-1"))), null, List.of(new SaleRequest.Payment("CASH", 1_000_000L))),
                UUID.randomUUID().toString(), "test"), "invalid-field");
        assertThat(branch.journal.head()).isEqualTo(before);
        assertThat(branch.sales.quote(List.of(new SaleRequest.Line(GRINDER, null, 1L)), null).total())
                .as("a quote needs no serials yet").isEqualTo(4999);
    }

    private long onHand() {
        return Stock.level(branch.journal, GRINDER).orElseThrow().onHand();
    }

    private List<String> inStock() {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT serial FROM serial_units WHERE sku = ?"
                    + " AND status = 'IN_STOCK' ORDER BY serial")) {
                ps.setString(1, GRINDER);
                List<String> out = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private List<String> history(String serial) {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM serial_moves WHERE sku = ? AND serial = ?"
                    + " ORDER BY seq")) {
                ps.setString(1, GRINDER);
                ps.setString(2, serial);
                List<String> out = new java.util.ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    private static String receipt(SaleView sale) {
        ReceiptFacts facts = new ReceiptFacts(List.of("WK Test"), ZoneId.of("Europe/Berlin"), "Test / WK1", id -> id,
                a -> a, document -> Optional.empty());
        return PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(SaleReceipts.receipt(sale, facts, false)))
                .getFirst();
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type) {
        assertThatThrownBy(call).isInstanceOf(Refused.class).satisfies(e -> assertThat(((Refused) e).type())
                .as(e.getMessage()).isEqualTo(type));
    }
}

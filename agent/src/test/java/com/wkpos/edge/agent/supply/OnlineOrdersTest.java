package com.wkpos.edge.agent.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web-shop orders at the branch on a real journal, HQ's commands played by hand from ADR 014: an order
 * reserves its lines when it arrives, ships (stock leaves as SALE) or is rejected (released) once, an order
 * the branch cannot reserve is rejected at once, and HQ's delivery and cancellation move it on.
 */
class OnlineOrdersTest {
    @TempDir
    Path dir;
    private TestBranch branch;
    private SupplyInbox inbox;
    private OnlineOrders orders;
    private StaffMember cashier;
    private long next = 1;

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        inbox = new SupplyInbox(branch.journal, Clock.systemUTC(), branch.events);
        orders = new OnlineOrders(branch.journal, Clock.systemUTC(), branch.events, sku -> sku.equals("GRIND-EL"));
        cashier = branch.cashier;
    }

    @AfterEach
    void close() {
        branch.close();
    }

    private boolean send(String id, String status, Map<String, Long> lines) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("orderId", id);
        doc.put("branch", "nord");
        doc.put("status", status);
        List<Map<String, Object>> l = new ArrayList<>();
        lines.forEach((sku, qty) -> l.add(Map.of("sku", sku, "qty", qty)));
        doc.put("lines", l);
        doc.put("customer", Map.of("name", "Erika Muster", "email", "erika@example.org"));
        return inbox.apply(new SupplyCommand("acme", "nord", next++, SupplyCommand.ORDER, "2026-12-07T10:00:00Z",
                CanonicalJson.tree(doc)));
    }

    private Stock.Level level(String sku) {
        return Stock.level(branch.journal, sku).orElseThrow();
    }

    @Test
    void anOrderReservesOnArrivalAndShipsOnceAsASale() throws Exception {
        long before = level("COF-250").onHand();
        assertThat(send("shop-1001", "ROUTED", Map.of("COF-250", 3L, "COF-500", 1L))).isTrue();
        OnlineOrders.View o = orders.find("shop-1001").orElseThrow();
        assertThat(o.status()).isEqualTo("PROCESSING");
        assertThat(o.customer().get("name").asText()).isEqualTo("Erika Muster");
        assertThat(level("COF-250").reserved()).isEqualTo(3);
        assertThat(level("COF-250").onHand()).isEqualTo(before);
        assertThat(orders.list("PROCESSING", 10)).extracting(OnlineOrders.View::id).containsExactly("shop-1001");

        // the same route again (HQ resending it) changes nothing but the command sequence
        assertThat(send("shop-1001", "ROUTED", Map.of("COF-250", 3L, "COF-500", 1L))).isTrue();
        assertThat(level("COF-250").reserved()).isEqualTo(3);

        assertThat(orders.fulfill("shop-1001", cashier).status()).isEqualTo("SHIPPED");
        assertThat(level("COF-250").onHand()).isEqualTo(before - 3);
        assertThat(level("COF-250").reserved()).isZero();
        Head shipped = branch.journal.head();
        assertThat(orders.fulfill("shop-1001", cashier).status()).as("a retry").isEqualTo("SHIPPED");
        assertThat(branch.journal.head()).isEqualTo(shipped);
        assertThat(level("COF-250").onHand()).isEqualTo(before - 3);
        assertThatThrownBy(() -> orders.reject("shop-1001", new OnlineOrders.RejectRequest("too late"), cashier))
                .isInstanceOf(Refused.class).hasMessageContaining("SHIPPED");
        assertThat(branch.journal.head()).isEqualTo(shipped);
        assertThat(movements("SALE", "order:shop-1001")).isEqualTo(-4);

        assertThat(send("shop-1001", "DELIVERED", Map.of("COF-250", 3L, "COF-500", 1L))).isTrue();
        assertThat(orders.find("shop-1001").orElseThrow().status()).isEqualTo("DELIVERED");
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void aRejectionNeedsAReasonAndReleasesTheStock() {
        long available = level("COF-250").available();
        send("shop-1002", "ROUTED", Map.of("COF-250", 2L));
        assertThat(level("COF-250").available()).isEqualTo(available - 2);
        Head head = branch.journal.head();
        assertThatThrownBy(() -> orders.reject("shop-1002", new OnlineOrders.RejectRequest(" "), cashier))
                .isInstanceOf(Refused.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> orders.fulfill("nope", cashier)).isInstanceOf(Refused.class)
                .hasMessageContaining("no online order nope");
        assertThat(branch.journal.head()).isEqualTo(head);

        OnlineOrders.View rejected = orders.reject("shop-1002", new OnlineOrders.RejectRequest("damaged in store"),
                cashier);
        assertThat(rejected.status()).isEqualTo("REJECTED");
        assertThat(rejected.reason()).isEqualTo("damaged in store");
        assertThat(level("COF-250").available()).isEqualTo(available);
        Head done = branch.journal.head();
        assertThat(orders.reject("shop-1002", new OnlineOrders.RejectRequest("again"), cashier).reason())
                .isEqualTo("damaged in store");
        assertThat(branch.journal.head()).isEqualTo(done);
        assertThatThrownBy(() -> orders.fulfill("shop-1002", cashier)).isInstanceOf(Refused.class)
                .hasMessageContaining("REJECTED");
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void anOrderTheBranchCannotReserveIsRejectedOnArrivalAndTheSequenceMovesOn() {
        long onHand = level("COF-250").onHand();
        assertThat(send("shop-1003", "ROUTED", Map.of("COF-250", onHand + 1, "COF-500", 1L))).isTrue();
        OnlineOrders.View o = orders.find("shop-1003").orElseThrow();
        assertThat(o.status()).isEqualTo("REJECTED");
        assertThat(o.reason()).contains("not enough stock", "COF-250");
        assertThat(level("COF-250").reserved()).isZero();
        assertThat(level("COF-500").reserved()).isZero();
        assertThat(send("shop-1004", "ROUTED", Map.of("NO-SUCH-SKU", 1L))).isTrue();
        assertThat(orders.find("shop-1004").orElseThrow().reason()).contains("NO-SUCH-SKU is not stocked here");
        assertThat(inbox.lastApplied()).isEqualTo(2);
    }

    @Test
    void aMalformedOrderOrOneForAnotherBranchIsIgnoredAndChangesNoStock() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("orderId", "shop 1005 with spaces");
        doc.put("branch", "nord");
        doc.put("status", "ROUTED");
        doc.put("lines", List.of(Map.of("sku", "COF-250", "qty", 1)));
        assertThat(inbox.apply(new SupplyCommand("acme", "nord", next++, SupplyCommand.ORDER, "2026-12-07T10:00:00Z",
                CanonicalJson.tree(doc)))).isTrue();
        doc.put("orderId", "shop-1005");
        doc.put("branch", "sued");
        assertThat(inbox.apply(new SupplyCommand("acme", "nord", next++, SupplyCommand.ORDER, "2026-12-07T10:00:00Z",
                CanonicalJson.tree(doc)))).isTrue();
        assertThat(orders.list(null, 10)).isEmpty();
        assertThat(level("COF-250").reserved()).isZero();
        assertThatThrownBy(() -> orders.list("LOST", 10)).isInstanceOf(Refused.class);
    }

    @Test
    void hqCancelsAnOrderStillProcessingAndTheStockIsReleased() {
        send("shop-1006", "ROUTED", Map.of("COF-500", 2L));
        assertThat(level("COF-500").reserved()).isEqualTo(2);
        send("shop-1006", "CANCELLED", Map.of("COF-500", 2L));
        assertThat(orders.find("shop-1006").orElseThrow().status()).isEqualTo("CANCELLED");
        assertThat(level("COF-500").reserved()).isZero();
        assertThatThrownBy(() -> orders.fulfill("shop-1006", cashier)).isInstanceOf(Refused.class)
                .hasMessageContaining("CANCELLED");
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    private long movements(String type, String ref) throws Exception {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(qty_delta), 0) FROM inventory_movements"
                    + " WHERE type = ? AND ref_id = ?")) {
                ps.setString(1, type);
                ps.setString(2, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}

package com.wkpos.edge.agent.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.rule.Inputs;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.agent.stock.SerialUnits;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Purchase orders HQ sent to this branch (ADR 013), and the goods received against them: each receipt
 * is one {@code po.received} entry with its PURCHASE movements. A line received beyond what is still
 * open, or a SKU the order does not name, needs a reason: the discrepancy HQ records. A line of a
 * serialized SKU names one serial per unit, none twice and none in stock already, and its units are
 * received with the entry. The order is RECEIVED once every line got at least what was ordered,
 * PARTIALLY_RECEIVED before.
 */
public final class PurchaseOrders {
    static final String RECEIVED = "po.received";

    /** Status ranks: a document never moves back. */
    enum Status {
        DRAFT(0), SENT(1), PARTIALLY_RECEIVED(2), RECEIVED(3), CLOSED(4);

        final int rank;

        Status(int rank) {
            this.rank = rank;
        }
    }

    public record ReceiptRequest(String id, List<ReceiptLine> lines) {
    }

    /**
     * A line of goods received: {@code qty} units of {@code sku}, a {@code reason} where it differs from what is
     * open, and for a serialized SKU the {@code serials} of its units, one each.
     */
    public record ReceiptLine(String sku, Long qty, String reason, List<String> serials) {
        public ReceiptLine(String sku, Long qty, String reason) {
            this(sku, qty, reason, null);
        }
    }

    public record Line(String sku, long ordered, long received) {
    }

    public record Receipt(String id, JsonNode lines, String actor, String at) {
    }

    public record View(String id, String supplier, String status, String note, String updatedAt, List<Line> lines,
                       List<Receipt> receipts) {
    }

    private final Journal journal;
    private final Clock clock;
    private final Events events;
    private final java.util.function.Predicate<String> serialized;

    /** @param serialized whether a SKU is sold by serial number (its units are received one by one) */
    public PurchaseOrders(Journal journal, Clock clock, Events events, java.util.function.Predicate<String> serialized) {
        this.journal = journal;
        this.clock = clock;
        this.events = events;
        this.serialized = serialized;
    }

    public static void register(Projections.Builder projections) {
        projections.on(RECEIVED, PurchaseOrders::projectReceived)
                .table("purchase_orders", "id", "seq")
                .table("purchase_order_lines", "po_id, sku", "seq")
                .table("purchase_order_receipts", "id", "seq");
    }

    /** Goods received against an order; any staff member may take a delivery in. */
    public View receive(String poId, ReceiptRequest r, StaffMember staff) {
        if (r.id() == null) {
            // goods come in against an order many times: only the screen's id tells a retry from a new delivery
            throw Inputs.invalid("id is required: the receipt's UUID, made when the form opened, so a retry"
                    + " cannot take the goods in twice");
        }
        String receiptId = Inputs.uuid(r.id(), "id");
        List<ReceiptLine> given = r.lines() == null ? List.of() : r.lines();
        if (given.isEmpty() || given.size() > Transfers.MAX_LINES) {
            throw Inputs.invalid("lines must name 1.." + Transfers.MAX_LINES + " skus");
        }
        SupplyWrite.run(journal, tx -> {
            View po = view(tx, poId).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "unknown-purchase-order",
                    "no purchase order " + poId));
            if (receiptExists(tx, receiptId)) {
                throw new Refused(Refused.Kind.CONFLICT, "receipt-exists", "receipt " + receiptId + " exists already");
            }
            if (!po.status().equals("SENT") && !po.status().equals("PARTIALLY_RECEIVED")) {
                throw new Refused(Refused.Kind.CONFLICT, "purchase-order-not-open", "purchase order " + poId + " is "
                        + po.status() + "; goods are received against a SENT or PARTIALLY_RECEIVED order");
            }
            Map<String, Line> lines = new LinkedHashMap<>();
            po.lines().forEach(l -> lines.put(l.sku(), l));
            Map<String, Long> qty = new LinkedHashMap<>();
            Map<String, String> reasons = new LinkedHashMap<>();
            Map<String, List<String>> serials = new LinkedHashMap<>();
            for (ReceiptLine l : given) {
                if (l == null) {
                    throw Inputs.invalid("a line is empty");
                }
                String sku = Inputs.text(l.sku(), "sku", 64, true);
                long q = Inputs.quantity(l.qty(), "qty of " + sku, 0, Transfers.MAX_QTY);
                String reason = Inputs.text(l.reason(), "reason of " + sku, 500, false);
                if (qty.put(sku, q) != null) {
                    throw Inputs.invalid("sku " + sku + " appears twice");
                }
                if (!serialized.test(sku)) {
                    SerialUnits.requireNone(l.serials(), sku);
                } else if (q > 0 || (l.serials() != null && !l.serials().isEmpty())) {
                    serials.put(sku, SerialUnits.clean(l.serials(), q, sku));
                }
                Line line = lines.get(sku);
                long open = line == null ? 0 : Math.max(0, line.ordered() - line.received());
                if (q > open && reason == null) {
                    throw new Refused(Refused.Kind.UNPROCESSABLE, "discrepancy-reason-required", line == null
                            ? "sku " + sku + " is not on purchase order " + poId + "; give a reason to receive it"
                            : "line " + sku + ": " + q + " received but only " + open + " still open; give a reason");
                }
                if (reason != null) {
                    reasons.put(sku, reason);
                }
            }
            if (qty.values().stream().allMatch(q -> q == 0)) {
                throw Inputs.invalid("a receipt needs at least one line with qty > 0");
            }
            boolean complete = true;
            for (Line l : lines.values()) {
                if (l.received() + qty.getOrDefault(l.sku(), 0L) < l.ordered()) {
                    complete = false;
                }
            }
            for (Map.Entry<String, List<String>> units : serials.entrySet()) {
                SerialUnits.requireReceivable(tx, units.getKey(), units.getValue());
            }
            // a serialized line names its units, so its level stays its units in stock
            StockLines moved = StockLines.move(tx, qty, 1, "PURCHASE", "purchase order " + poId,
                    sku -> serialized.test(sku) && !serials.containsKey(sku));
            List<Map<String, Object>> out = moved.lines("qty");
            for (Map<String, Object> m : out) {
                m.put("reason", reasons.get((String) m.get("sku")));
                if (serials.containsKey((String) m.get("sku"))) {
                    m.put("serials", serials.get((String) m.get("sku")));
                }
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("poId", poId);
            p.put("receiptId", receiptId);
            p.put("lines", out);
            p.put("status", complete ? "RECEIVED" : "PARTIALLY_RECEIVED");
            p.put("stock", moved.stock());
            p.put("actor", staff.actor());
            p.put("at", clock.instant().toString());
            tx.append(RECEIVED, p);
            tx.afterCommit(() -> events.publish("purchase-order.updated", Map.of("id", poId)));
        });
        return find(poId).orElseThrow();
    }

    public Optional<View> find(String id) {
        return SupplyReads.find(journal, PurchaseOrders::view, id);
    }

    public List<View> list(String status, int limit) {
        return SupplyReads.list(journal, Status.class, "purchase_orders", "seq DESC, id", status, limit,
                PurchaseOrders::view);
    }

    private static boolean receiptExists(ProjectionContext ctx, String id) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT 1 FROM purchase_order_receipts WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static Optional<View> view(ProjectionContext ctx, String id) throws SQLException {
        PreparedStatement h = ctx.statement("SELECT id, supplier, status, note, updated_at FROM purchase_orders"
                + " WHERE id = ?");
        h.setString(1, id);
        String[] head;
        try (ResultSet rs = h.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            head = new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)};
        }
        PreparedStatement l = ctx.statement("SELECT sku, ordered, received FROM purchase_order_lines WHERE po_id = ?"
                + " ORDER BY sku");
        l.setString(1, id);
        List<Line> lines = new ArrayList<>();
        try (ResultSet rs = l.executeQuery()) {
            while (rs.next()) {
                lines.add(new Line(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        PreparedStatement r = ctx.statement("SELECT id, lines, actor, at FROM purchase_order_receipts WHERE po_id = ?"
                + " ORDER BY seq");
        r.setString(1, id);
        List<Receipt> receipts = new ArrayList<>();
        try (ResultSet rs = r.executeQuery()) {
            while (rs.next()) {
                receipts.add(new Receipt(rs.getString(1), CanonicalJson.read(rs.getString(2)), rs.getString(3),
                        rs.getString(4)));
            }
        }
        return Optional.of(new View(head[0], head[1], head[2], head[3], head[4], lines, receipts));
    }


    private static void projectReceived(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String poId = p.required("poId").asText();
        String at = p.required("at").asText();
        PreparedStatement receipt = ctx.statement("INSERT INTO purchase_order_receipts (id, po_id, lines, actor, at, seq)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        receipt.setString(1, p.required("receiptId").asText());
        receipt.setString(2, poId);
        receipt.setString(3, CanonicalJson.write(p.required("lines")));
        receipt.setString(4, p.required("actor").asText());
        receipt.setString(5, at);
        receipt.setLong(6, e.seq());
        receipt.executeUpdate();
        for (JsonNode l : p.required("lines")) {
            PreparedStatement ps = ctx.statement("INSERT INTO purchase_order_lines (po_id, sku, ordered, received, seq)"
                    + " VALUES (?, ?, 0, ?, ?) ON CONFLICT (po_id, sku) DO UPDATE SET"
                    + " received = purchase_order_lines.received + excluded.received, seq = excluded.seq");
            ps.setString(1, poId);
            ps.setString(2, l.required("sku").asText());
            ps.setLong(3, l.required("qty").asLong());
            ps.setLong(4, e.seq());
            ps.executeUpdate();
        }
        StockLines.project(ctx, e, p, "qty", 1, "PURCHASE", "po:" + poId);
        for (JsonNode l : p.required("lines")) {
            if (l.has("serials")) {
                SerialUnits.record(ctx, e, l.required("sku").asText(), l.get("serials"), SerialUnits.Kind.RECEIVED,
                        "po:" + poId, null, null);
            }
        }
        advance(ctx, e, poId, Status.valueOf(p.required("status").asText()), at);
        Audit.record(ctx, e, at, p.required("actor").asText(), "purchase-order.received", "po:" + poId,
                "status=" + p.required("status").asText());
    }

    /** An order as HQ sent it: made if new, its status forward only, lines ordered as HQ says. */
    static void applyRemote(ProjectionContext ctx, JournalEntry e, JsonNode doc, String appliedAt) throws SQLException {
        String id = doc.required("poId").asText();
        Status status = Status.valueOf(doc.required("status").asText());
        PreparedStatement insert = ctx.statement("INSERT INTO purchase_orders (id, supplier, status, note, updated_at,"
                + " seq) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET supplier = excluded.supplier,"
                + " note = excluded.note, seq = excluded.seq");
        insert.setString(1, id);
        insert.setString(2, doc.required("supplier").asText());
        insert.setString(3, status.name());
        insert.setString(4, doc.path("note").asText(null));
        insert.setString(5, appliedAt);
        insert.setLong(6, e.seq());
        insert.executeUpdate();
        advance(ctx, e, id, status, appliedAt);
        for (JsonNode l : doc.required("lines")) {
            PreparedStatement ps = ctx.statement("INSERT INTO purchase_order_lines (po_id, sku, ordered, received, seq)"
                    + " VALUES (?, ?, ?, 0, ?) ON CONFLICT (po_id, sku) DO UPDATE SET ordered = excluded.ordered,"
                    + " seq = excluded.seq");
            ps.setString(1, id);
            ps.setString(2, l.required("sku").asText());
            ps.setLong(3, l.required("ordered").asLong());
            ps.setLong(4, e.seq());
            ps.executeUpdate();
        }
    }

    /** Checks an order from HQ before it is journaled; null when it applies, else why not. */
    static String problem(JsonNode doc, String self) {
        if (!doc.path("poId").isTextual() || !doc.path("supplier").isTextual() || !doc.path("lines").isArray()) {
            return "purchase order document lacks poId, supplier or lines";
        }
        if (!self.equals(doc.path("branch").asText())) {
            return "purchase order " + doc.path("poId").asText() + " is for branch " + doc.path("branch").asText();
        }
        try {
            Status.valueOf(doc.path("status").asText());
        } catch (IllegalArgumentException e) {
            return "unknown purchase order status " + doc.path("status").asText();
        }
        for (JsonNode l : doc.path("lines")) {
            if (!l.path("sku").isTextual() || !l.path("ordered").canConvertToLong() || l.path("ordered").asLong() < 0) {
                return "purchase order line malformed: " + l;
            }
        }
        return null;
    }

    private static void advance(ProjectionContext ctx, JournalEntry e, String id, Status to, String at)
            throws SQLException {
        PreparedStatement read = ctx.statement("SELECT status FROM purchase_orders WHERE id = ?");
        read.setString(1, id);
        Status now;
        try (ResultSet rs = read.executeQuery()) {
            if (!rs.next()) {
                return;
            }
            now = Status.valueOf(rs.getString(1));
        }
        if (to.rank <= now.rank) {
            return;
        }
        PreparedStatement ps = ctx.statement("UPDATE purchase_orders SET status = ?, updated_at = ?, seq = ?"
                + " WHERE id = ?");
        ps.setString(1, to.name());
        ps.setString(2, at);
        ps.setLong(3, e.seq());
        ps.setString(4, id);
        ps.executeUpdate();
    }
}

package com.wkpos.edge.agent.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.rule.Inputs;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.agent.stock.Stock;
import com.wkpos.edge.agent.stock.StockReservations;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Web-shop orders HQ routed to this branch (ADR 014). An order arrives as a supply command and is taken in
 * the transaction that applies the command: one {@code order.received} entry, PROCESSING with a
 * {@code stock.reserved} entry per line, or REJECTED (with the reason) when the branch cannot reserve every
 * line, so the command sequence always moves on. Staff fulfil it ({@code order.fulfilled}: each reservation
 * released and the goods leave as SALE movements, SHIPPED) or reject it with a reason ({@code order.rejected}:
 * the reservations released). Both are idempotent: fulfilling a shipped order or rejecting a rejected one
 * answers it unchanged. HQ may later mark it DELIVERED, or CANCELLED while it is still PROCESSING (re-routed
 * to another branch), as {@code order.updated}.
 */
public final class OnlineOrders {
    static final String RECEIVED = "order.received";
    static final String FULFILLED = "order.fulfilled";
    static final String REJECTED = "order.rejected";
    static final String UPDATED = "order.updated";
    static final String HQ_ACTOR = "hq";
    static final int MAX_LINES = 200;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<String> HQ_STATUSES = Set.of("ROUTED", "DELIVERED", "CANCELLED");

    /** Where an order stands at the branch. */
    public enum Status { PROCESSING, SHIPPED, REJECTED, DELIVERED, CANCELLED }

    /** An order as screens see it: {@code lines} are {@code [{sku, qty, reservationId}]}. */
    public record View(String id, String status, JsonNode lines, JsonNode customer, String note, String reason,
                       String receivedAt, String updatedAt, String updatedBy) {
    }

    /** A rejection's body. */
    public record RejectRequest(String reason) {
    }

    private final Journal journal;
    private final Clock clock;
    private final Events events;
    private final Predicate<String> serialized;

    /** @param serialized whether a SKU is sold by serial number (such an order cannot ship by number alone) */
    public OnlineOrders(Journal journal, Clock clock, Events events, Predicate<String> serialized) {
        this.journal = journal;
        this.clock = clock;
        this.events = events;
        this.serialized = serialized;
    }

    public static void register(Projections.Builder projections) {
        projections.on(RECEIVED, OnlineOrders::projectReceived)
                .on(FULFILLED, OnlineOrders::projectFulfilled)
                .on(REJECTED, OnlineOrders::projectStatus)
                .on(UPDATED, OnlineOrders::projectStatus)
                .table("online_orders", "id", "seq");
    }

    /**
     * Ships a PROCESSING order: its reservations are released and its lines leave stock as SALE movements in
     * one transaction. A SHIPPED or DELIVERED order answers unchanged.
     *
     * @throws Refused 404 unknown order, 409 order-closed (rejected or cancelled) or not-enough-stock (on hand
     *                 fell below the order since it was reserved), 422 serialized-item
     */
    public View fulfill(String id, StaffMember staff) {
        SupplyWrite.run(journal, tx -> {
            View o = view(tx, id).orElseThrow(() -> unknown(id));
            switch (Status.valueOf(o.status())) {
                case SHIPPED, DELIVERED -> {
                    return;
                }
                case REJECTED, CANCELLED -> throw new Refused(Refused.Kind.CONFLICT, "order-closed", "order " + id
                        + " is " + o.status() + (o.reason() == null ? "" : " (" + o.reason() + ")") + "; it cannot ship");
                default -> { }
            }
            Map<String, Long> qty = new LinkedHashMap<>();
            for (JsonNode l : o.lines()) {
                StockReservations.release(tx, l.required("reservationId").asText(), "order " + id + " shipped",
                        staff.actor());
                qty.put(l.required("sku").asText(), l.required("qty").asLong());
            }
            StockLines moved = StockLines.move(tx, qty, -1, "SALE", "online order " + id, serialized);
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("orderId", id);
            p.put("status", Status.SHIPPED.name());
            p.put("lines", moved.lines("qty"));
            p.put("stock", moved.stock());
            p.put("actor", staff.actor());
            p.put("at", clock.instant().toString());
            tx.append(FULFILLED, p);
            moved.announceLow(tx, events, "online order " + id);
            tx.afterCommit(() -> events.publish("order.updated", Map.of("id", id, "status", "SHIPPED")));
        });
        return find(id).orElseThrow();
    }

    /**
     * Refuses a PROCESSING order with a reason; its reservations are released. A REJECTED or CANCELLED order
     * answers unchanged.
     *
     * @throws Refused 400 without a reason, 404 unknown order, 409 order-shipped
     */
    public View reject(String id, RejectRequest r, StaffMember staff) {
        String reason = Inputs.text(r == null ? null : r.reason(), "reason", 500, true);
        SupplyWrite.run(journal, tx -> {
            View o = view(tx, id).orElseThrow(() -> unknown(id));
            switch (Status.valueOf(o.status())) {
                case REJECTED, CANCELLED -> {
                    return;
                }
                case SHIPPED, DELIVERED -> throw new Refused(Refused.Kind.CONFLICT, "order-shipped", "order " + id
                        + " is " + o.status() + "; a shipped order is not rejected");
                default -> { }
            }
            closeOpen(tx, o, REJECTED, Status.REJECTED, reason, staff.actor());
            tx.afterCommit(() -> events.publish("order.updated", Map.of("id", id, "status", "REJECTED")));
        });
        return find(id).orElseThrow();
    }

    public Optional<View> find(String id) {
        return SupplyReads.find(journal, OnlineOrders::view, id);
    }

    /** Orders newest first, of one status (null: all). */
    public List<View> list(String status, int limit) {
        return SupplyReads.list(journal, Status.class, "online_orders", "received_at DESC, id", status, limit,
                OnlineOrders::view);
    }

    /** Checks an order document from HQ before it is journaled; null when it applies, else why not. */
    static String problem(JsonNode doc, String self) {
        String id = doc.path("orderId").asText("");
        if (!doc.path("orderId").isTextual() || !ORDER_ID.matcher(id).matches()) {
            return "order document's orderId must be 1..64 of A-Z a-z 0-9 . _ : -, was " + doc.path("orderId");
        }
        if (!self.equals(doc.path("branch").asText())) {
            return "order " + id + " is for branch " + doc.path("branch").asText();
        }
        if (!HQ_STATUSES.contains(doc.path("status").asText())) {
            return "order " + id + " has unknown status " + doc.path("status");
        }
        JsonNode lines = doc.path("lines");
        if (!lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            return "order " + id + " needs 1.." + MAX_LINES + " lines";
        }
        Set<String> skus = new HashSet<>();
        for (JsonNode l : lines) {
            if (!l.path("sku").isTextual() || l.path("sku").asText().isBlank() || !l.path("qty").canConvertToLong()
                    || l.path("qty").asLong() < 1 || l.path("qty").asLong() > Transfers.MAX_QTY
                    || !skus.add(l.path("sku").asText())) {
                return "order " + id + " line malformed or repeated: " + l;
            }
        }
        return null;
    }

    /**
     * Takes in an order document HQ sent, in the transaction that applies its command: a new ROUTED order is
     * received (reserved, or rejected when it cannot be), DELIVERED moves a shipped order on, CANCELLED
     * releases an order still PROCESSING. Anything else (a redelivered route, a cancel after shipping) changes
     * nothing; HQ sees from the order's entries what happened.
     */
    static void apply(JournalTransaction tx, JsonNode doc, Events events) throws SQLException {
        String id = doc.required("orderId").asText();
        Optional<View> known = view(tx, id);
        String status = doc.required("status").asText();
        if (status.equals("ROUTED")) {
            if (known.isEmpty()) {
                receive(tx, id, doc);
                tx.afterCommit(() -> events.publish("order.received", Map.of("id", id)));
            }
            return;
        }
        if (known.isEmpty()) {
            return;
        }
        Status now = Status.valueOf(known.get().status());
        if (status.equals("DELIVERED") && now == Status.SHIPPED) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("orderId", id);
            p.put("status", Status.DELIVERED.name());
            p.put("reason", null);
            p.put("actor", HQ_ACTOR);
            p.put("at", tx.clock().instant().toString());
            tx.append(UPDATED, p);
        } else if (status.equals("CANCELLED") && now == Status.PROCESSING) {
            closeOpen(tx, known.get(), UPDATED, Status.CANCELLED, doc.path("reason").asText("cancelled by HQ"),
                    HQ_ACTOR);
        } else {
            return;
        }
        tx.afterCommit(() -> events.publish("order.updated", Map.of("id", id, "status", status)));
    }

    private static void receive(JournalTransaction tx, String id, JsonNode doc) throws SQLException {
        List<Map<String, Object>> lines = new ArrayList<>();
        List<String> shortages = new ArrayList<>();
        for (JsonNode l : doc.required("lines")) {
            String sku = l.required("sku").asText();
            long qty = l.required("qty").asLong();
            Optional<Stock.Level> level = Stock.level(tx, sku);
            if (level.isEmpty()) {
                shortages.add(sku + " is not stocked here");
            } else if (qty > level.get().available()) {
                shortages.add(sku + ": " + Math.max(0, level.get().available()) + " available, " + qty + " ordered");
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", sku);
            line.put("qty", qty);
            line.put("reservationId", reservationId(id, sku));
            lines.add(line);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("orderId", id);
        p.put("status", shortages.isEmpty() ? Status.PROCESSING.name() : Status.REJECTED.name());
        p.put("lines", lines);
        p.put("customer", doc.path("customer").isObject() ? doc.get("customer") : null);
        p.put("note", doc.path("note").isTextual() ? doc.get("note").asText() : null);
        p.put("reason", shortages.isEmpty() ? null : "not enough stock: " + String.join("; ", shortages));
        p.put("actor", HQ_ACTOR);
        p.put("at", tx.clock().instant().toString());
        tx.append(RECEIVED, p);
        if (shortages.isEmpty()) {
            for (Map<String, Object> l : lines) {
                StockReservations.reserve(tx, (String) l.get("reservationId"), (String) l.get("sku"),
                        (Long) l.get("qty"), "order " + id, "web-shop order", HQ_ACTOR);
            }
        }
    }

    private static void closeOpen(JournalTransaction tx, View o, String type, Status to, String reason, String actor)
            throws SQLException {
        for (JsonNode l : o.lines()) {
            StockReservations.release(tx, l.required("reservationId").asText(), "order " + o.id() + " "
                    + to.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason, actor);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("orderId", o.id());
        p.put("status", to.name());
        p.put("reason", reason);
        p.put("actor", actor);
        p.put("at", tx.clock().instant().toString());
        tx.append(type, p);
    }

    /** The reservation holding one line of an order: the same id wherever and whenever it is derived. */
    static String reservationId(String orderId, String sku) {
        return UUID.nameUUIDFromBytes(("order:" + orderId + "/" + sku).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Refused unknown(String id) {
        return new Refused(Refused.Kind.NOT_FOUND, "unknown-order", "no online order " + id);
    }

    private static Optional<View> view(ProjectionContext ctx, String id) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT id, status, lines, customer, note, reason, received_at, updated_at,"
                + " updated_by FROM online_orders WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new View(rs.getString(1), rs.getString(2), CanonicalJson.read(rs.getString(3)),
                    rs.getString(4) == null ? null : CanonicalJson.read(rs.getString(4)), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)));
        }
    }

    private static void projectReceived(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String at = p.required("at").asText();
        PreparedStatement ps = ctx.statement("INSERT INTO online_orders (id, status, lines, customer, note, reason,"
                + " received_at, updated_at, updated_by, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setString(1, p.required("orderId").asText());
        ps.setString(2, p.required("status").asText());
        ps.setString(3, CanonicalJson.write(p.required("lines")));
        ps.setString(4, p.path("customer").isObject() ? CanonicalJson.write(p.get("customer")) : null);
        ps.setString(5, p.path("note").asText(null));
        ps.setString(6, p.path("reason").asText(null));
        ps.setString(7, at);
        ps.setString(8, at);
        ps.setString(9, p.required("actor").asText());
        ps.setLong(10, e.seq());
        ps.executeUpdate();
        Audit.record(ctx, e, at, p.required("actor").asText(), "order.received", "order:" + p.required("orderId").asText(),
                "status=" + p.required("status").asText());
    }

    private static void projectFulfilled(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("orderId").asText();
        StockLines.project(ctx, e, p, "qty", -1, "SALE", "order:" + id);
        projectStatus(ctx, e, p);
    }

    private static void projectStatus(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("orderId").asText();
        String at = p.required("at").asText();
        PreparedStatement ps = ctx.statement("UPDATE online_orders SET status = ?, reason = COALESCE(?, reason),"
                + " updated_at = ?, updated_by = ?, seq = ? WHERE id = ?");
        ps.setString(1, p.required("status").asText());
        ps.setString(2, p.path("reason").asText(null));
        ps.setString(3, at);
        ps.setString(4, p.required("actor").asText());
        ps.setLong(5, e.seq());
        ps.setString(6, id);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException(e.type() + " of unknown order " + id);
        }
        Audit.record(ctx, e, at, p.required("actor").asText(), e.type(), "order:" + id,
                "status=" + p.required("status").asText());
    }
}

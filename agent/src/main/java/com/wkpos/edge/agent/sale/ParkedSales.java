package com.wkpos.edge.agent.sale;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.rule.Refused;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Sales left open because the card was declined or aborted: the cart is parked under its
 * Idempotency-Key so the screen can retry it ({@code POST /api/v1/sales} with the same key and request
 * completes it) or cancel it. A cancelled key never becomes a sale. Parking and cancelling are journaled.
 * Thread-safe.
 */
public final class ParkedSales {
    static final String PARKED = "sale.parked";
    static final String CANCELLED = "sale.cancelled";

    /** A parked sale as screens see it; {@code request} is the cart as sent. */
    public record View(String id, String idempotencyKey, String status, long total, String reason, String parkedBy,
                       String parkedAt, JsonNode request, String saleId, String closedBy) {
    }

    private final Journal journal;
    private final Events events;
    private final Clock clock;

    public ParkedSales(Journal journal, Events events, Clock clock) {
        this.journal = journal;
        this.events = events;
        this.clock = clock;
    }

    public static void register(Projections.Builder projections) {
        projections.on(PARKED, ParkedSales::projectParked)
                .on(CANCELLED, (ctx, e, p) -> {
                    PreparedStatement ps = ctx.statement("UPDATE parked_sales SET status = 'CANCELLED', seq = ?,"
                            + " closed_by = ?, closed_at = ? WHERE id = ? AND status = 'OPEN'");
                    ps.setLong(1, e.seq());
                    ps.setString(2, p.required("actor").asText());
                    ps.setString(3, p.required("at").asText());
                    ps.setString(4, p.required("parkedId").asText());
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalStateException("parked sale " + p.required("parkedId").asText() + " is not open");
                    }
                    Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "sale.cancel",
                            "parked:" + p.required("parkedId").asText(), p.required("reason").asText());
                })
                .table("parked_sales", "id", "seq");
    }

    /** Parks the cart of a sale the card did not pay (once per key); returns the parked sale's id. */
    String park(String key, SaleRequest request, long total, String reason, String actor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("parkedId", UuidV7.nextString(clock));
        p.put("idempotencyKey", key);
        p.put("request", request);
        p.put("total", total);
        p.put("reason", reason);
        p.put("actor", actor);
        p.put("at", clock.instant().toString());
        return run(tx -> {
            Optional<View> earlier = byKey(tx, key);
            if (earlier.isPresent()) {
                return earlier.get().id();
            }
            tx.append(PARKED, p);
            tx.afterCommit(() -> events.publish("sale.parked", Map.of("id", p.get("parkedId"), "idempotencyKey", key,
                    "total", total, "reason", reason)));
            return (String) p.get("parkedId");
        });
    }

    /** @throws Refused 404 no such parked sale, 409 it was completed or cancelled already */
    public View cancel(String id, String reason, String actor) {
        String why = reason == null || reason.isBlank() ? "cancelled at the till" : reason.strip();
        run(tx -> {
            View v = find(tx, id).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "not-found",
                    "no parked sale with id " + id));
            if (!v.status().equals("OPEN")) {
                throw new Refused(Refused.Kind.CONFLICT, "sale-not-open", "parked sale " + id + " is " + v.status());
            }
            tx.append(CANCELLED, Map.of("parkedId", id, "reason", why, "actor", actor, "at", clock.instant().toString()));
            tx.afterCommit(() -> events.publish("sale.cancelled", Map.of("id", id)));
            return null;
        });
        return journal.read(c -> find(c, id)).orElseThrow();
    }

    public List<View> open() {
        return journal.read(c -> query(c, "WHERE status = 'OPEN' ORDER BY seq", null));
    }

    public Optional<View> find(String id) {
        return journal.read(c -> find(c, id));
    }

    /** A cancelled key never becomes a sale: refused before charging a card and again in the sale's commit. */
    static void requireNotCancelled(ProjectionContext ctx, String key) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT id FROM parked_sales WHERE idempotency_key = ? AND status = 'CANCELLED'");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                throw new Refused(Refused.Kind.CONFLICT, "sale-cancelled", "the sale under Idempotency-Key " + key
                        + " was cancelled (parked sale " + rs.getString(1) + "); start a new sale with a new key");
            }
        }
    }

    /** In the sale's projection: the parked cart under the sale's key is now sold. */
    static void completed(ProjectionContext ctx, JournalEntry e, String key, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE parked_sales SET status = 'COMPLETED', seq = ?, sale_id = ?"
                + " WHERE idempotency_key = ? AND status = 'OPEN'");
        ps.setLong(1, e.seq());
        ps.setString(2, saleId);
        ps.setString(3, key);
        ps.executeUpdate();
    }

    private static Optional<View> byKey(JournalTransaction tx, String key) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT id FROM parked_sales WHERE idempotency_key = ?");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new View(rs.getString(1), key, "", 0, "", "", "", null, null, null));
        }
    }

    private static Optional<View> find(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT status FROM parked_sales WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new View(id, "", rs.getString(1), 0, "", "", "", null, null, null))
                    : Optional.empty();
        }
    }

    private static Optional<View> find(Connection c, String id) throws SQLException {
        return query(c, "WHERE id = ?", id).stream().findFirst();
    }

    private static List<View> query(Connection c, String where, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, idempotency_key, status, total, reason, parked_by,"
                + " parked_at, request, sale_id, closed_by FROM parked_sales " + where)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            List<View> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new View(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), CanonicalJson.read(rs.getString(8)), rs.getString(9),
                            rs.getString(10)));
                }
            }
            return out;
        }
    }

    private static void projectParked(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO parked_sales (id, seq, idempotency_key, request, total,"
                + " status, reason, parked_by, parked_at) VALUES (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)");
        ps.setString(1, p.required("parkedId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("idempotencyKey").asText());
        ps.setString(4, p.required("request").toString());
        ps.setLong(5, p.required("total").asLong());
        ps.setString(6, p.required("reason").asText());
        ps.setString(7, p.required("actor").asText());
        ps.setString(8, p.required("at").asText());
        ps.executeUpdate();
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "sale.park",
                "parked:" + p.required("parkedId").asText(), "total=" + p.required("total").asLong() + " "
                        + p.required("reason").asText());
    }

    private <T> T run(com.wkpos.edge.agent.journal.WriteCommand<T> command) {
        try {
            return journal.submit(command).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}

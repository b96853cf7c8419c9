package com.wkpos.edge.agent.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;

/**
 * How transfer entries change the box's tables: the steps this box made ({@code transfer.*}) and HQ's view
 * of the steps the other party made ({@code supply.applied}, through {@link SupplyInbox}). A document's
 * status only moves forward, each step is stored once, and a line keeps what this branch wrote.
 */
final class TransferProjection {
    private TransferProjection() {
    }


    static void requested(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("transferId").asText();
        String at = p.required("at").asText();
        PreparedStatement insert = ctx.statement("INSERT INTO transfers (id, from_branch, to_branch, status, note,"
                + " requested_by, created_at, updated_at, seq) VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?)");
        insert.setString(1, id);
        insert.setString(2, p.required("from").asText());
        insert.setString(3, p.required("to").asText());
        insert.setString(4, p.path("note").asText(null));
        insert.setString(5, p.required("to").asText());
        insert.setString(6, at);
        insert.setString(7, at);
        insert.setLong(8, e.seq());
        insert.executeUpdate();
        for (JsonNode l : p.required("lines")) {
            upsertLine(ctx, e, id, l.required("sku").asText(), l.required("requested").asLong(), null, null, null);
        }
        recordStep(ctx, e, id, "requested", p.required("to").asText(), p.path("actor").asText(null), at, null);
        Audit.record(ctx, e, at, p.required("actor").asText(), "transfer.requested", "transfer:" + id,
                "from=" + p.required("from").asText());
    }

    static void step(ProjectionContext ctx, JournalEntry e, JsonNode p, String step, Transfers.Status status)
            throws SQLException {
        String id = p.required("transferId").asText();
        Transfers.Header h = Transfers.header(ctx, id).orElseThrow();
        advance(ctx, e, id, status, p.required("at").asText());
        recordStep(ctx, e, id, step, h.from(), p.path("actor").asText(null), p.required("at").asText(),
                p.path("reason").asText(null));
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "transfer." + step,
                "transfer:" + id, p.hasNonNull("reason") ? "reason=" + p.get("reason").asText() : "");
    }

    static void shipped(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("transferId").asText();
        Transfers.Header h = Transfers.header(ctx, id).orElseThrow();
        for (JsonNode l : p.required("lines")) {
            PreparedStatement ps = ctx.statement("UPDATE transfer_lines SET shipped = ?, seq = ? WHERE transfer_id = ?"
                    + " AND sku = ?");
            ps.setLong(1, l.required("shipped").asLong());
            ps.setLong(2, e.seq());
            ps.setString(3, id);
            ps.setString(4, l.required("sku").asText());
            ps.executeUpdate();
        }
        StockLines.project(ctx, e, p, "shipped", -1, "TRANSFER_OUT", "transfer:" + id);
        advance(ctx, e, id, Transfers.Status.SHIPPED, p.required("at").asText());
        recordStep(ctx, e, id, "shipped", h.from(), p.path("actor").asText(null), p.required("at").asText(), null);
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "transfer.shipped",
                "transfer:" + id, "to=" + h.to());
    }

    static void received(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("transferId").asText();
        Transfers.Header h = Transfers.header(ctx, id).orElseThrow();
        for (JsonNode l : p.required("lines")) {
            PreparedStatement ps = ctx.statement("UPDATE transfer_lines SET received = ?, reason = ?, seq = ?"
                    + " WHERE transfer_id = ? AND sku = ?");
            ps.setLong(1, l.required("received").asLong());
            ps.setString(2, l.path("reason").asText(null));
            ps.setLong(3, e.seq());
            ps.setString(4, id);
            ps.setString(5, l.required("sku").asText());
            ps.executeUpdate();
        }
        StockLines.project(ctx, e, p, "received", 1, "TRANSFER_IN", "transfer:" + id);
        advance(ctx, e, id, Transfers.Status.valueOf(p.required("status").asText()), p.required("at").asText());
        recordStep(ctx, e, id, "received", h.to(), p.path("actor").asText(null), p.required("at").asText(), null);
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "transfer.received",
                "transfer:" + id, "status=" + p.required("status").asText());
    }

    /**
     * HQ's view of a transfer this branch takes part in, after a step the other party (or HQ) made: the
     * document is created if new, its status moves forward only, lines keep what this branch wrote.
     */
    static void applyRemote(ProjectionContext ctx, JournalEntry e, JsonNode doc, String appliedAt)
            throws SQLException {
        String id = doc.required("transferId").asText();
        JsonNode step = doc.required("step");
        String at = step.hasNonNull("at") ? step.get("at").asText() : appliedAt;
        Transfers.Status status = Transfers.Status.valueOf(doc.required("status").asText());
        Optional<Transfers.Header> h = Transfers.header(ctx, id);
        if (h.isEmpty()) {
            PreparedStatement insert = ctx.statement("INSERT INTO transfers (id, from_branch, to_branch, status, note,"
                    + " requested_by, created_at, updated_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, id);
            insert.setString(2, doc.required("from").asText());
            insert.setString(3, doc.required("to").asText());
            insert.setString(4, status.name());
            insert.setString(5, doc.path("note").asText(null));
            insert.setString(6, doc.path("requestedBy").asText(step.required("branch").asText()));
            insert.setString(7, at);
            insert.setString(8, at);
            insert.setLong(9, e.seq());
            insert.executeUpdate();
        } else {
            advance(ctx, e, id, status, at);
        }
        // HQ writes 0 for what was not shipped or received yet: a figure counts only once its step happened
        boolean shippedYet = status.rank >= Transfers.Status.SHIPPED.rank;
        boolean receivedYet = status.rank >= Transfers.Status.RECEIVED.rank;
        for (JsonNode l : doc.required("lines")) {
            upsertLine(ctx, e, id, l.required("sku").asText(), l.path("requested").asLong(0),
                    shippedYet ? number(l, "shipped") : null, receivedYet ? number(l, "received") : null,
                    receivedYet ? l.path("reason").asText(null) : null);
        }
        recordStep(ctx, e, id, step.required("name").asText(), step.required("branch").asText(),
                step.path("actor").asText(null), at, step.path("reason").asText(null));
    }

    /** Checks a transfer document from HQ before it is journaled; null when it applies, else why not. */
    static String problem(JsonNode doc, String self) {
        if (!doc.path("transferId").isTextual() || !doc.path("from").isTextual() || !doc.path("to").isTextual()
                || !doc.path("lines").isArray() || !doc.path("step").isObject()
                || !doc.path("step").path("branch").isTextual()) {
            return "transfer document lacks transferId, from, to, lines or step";
        }
        try {
            Transfers.Status.valueOf(doc.path("status").asText());
        } catch (IllegalArgumentException e) {
            return "unknown transfer status " + doc.path("status").asText();
        }
        if (!Set.of("requested", "approved", "rejected", "shipped", "received", "closed")
                .contains(doc.path("step").path("name").asText())) {
            return "unknown transfer step " + doc.path("step").path("name").asText();
        }
        if (!self.equals(doc.path("from").asText()) && !self.equals(doc.path("to").asText())) {
            return "branch " + self + " is not a party of transfer " + doc.path("transferId").asText();
        }
        for (JsonNode l : doc.path("lines")) {
            if (!l.path("sku").isTextual() || l.path("requested").asLong(-1) < 0 || number(l, "shipped") != null
                    && number(l, "shipped") < 0 || number(l, "received") != null && number(l, "received") < 0) {
                return "transfer line malformed: " + l;
            }
        }
        return null;
    }

    private static Long number(JsonNode l, String field) {
        return l.hasNonNull(field) && l.get(field).canConvertToLong() ? l.get(field).asLong() : null;
    }

    private static void upsertLine(ProjectionContext ctx, JournalEntry e, String id, String sku, long requested,
                                   Long shipped, Long received, String reason) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO transfer_lines (transfer_id, sku, requested, shipped, received,"
                + " reason, seq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id, sku) DO UPDATE SET"
                + " shipped = COALESCE(transfer_lines.shipped, excluded.shipped),"
                + " received = COALESCE(transfer_lines.received, excluded.received),"
                + " reason = COALESCE(transfer_lines.reason, excluded.reason), seq = excluded.seq");
        ps.setString(1, id);
        ps.setString(2, sku);
        ps.setLong(3, requested);
        ps.setObject(4, shipped);
        ps.setObject(5, received);
        ps.setString(6, reason);
        ps.setLong(7, e.seq());
        ps.executeUpdate();
    }

    private static void advance(ProjectionContext ctx, JournalEntry e, String id, Transfers.Status to, String at)
            throws SQLException {
        Transfers.Header h = Transfers.header(ctx, id).orElseThrow();
        if (to.rank <= h.status().rank) {
            return;
        }
        PreparedStatement ps = ctx.statement("UPDATE transfers SET status = ?, updated_at = ?, seq = ? WHERE id = ?");
        ps.setString(1, to.name());
        ps.setString(2, at);
        ps.setLong(3, e.seq());
        ps.setString(4, id);
        ps.executeUpdate();
    }

    private static void recordStep(ProjectionContext ctx, JournalEntry e, String id, String step, String branch,
                             String actor, String at, String reason) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO transfer_steps (transfer_id, step, branch, actor, at, reason,"
                + " seq) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (transfer_id, step) DO NOTHING");
        ps.setString(1, id);
        ps.setString(2, step);
        ps.setString(3, branch);
        ps.setString(4, actor);
        ps.setString(5, at);
        ps.setString(6, reason);
        ps.setLong(7, e.seq());
        ps.executeUpdate();
    }
}

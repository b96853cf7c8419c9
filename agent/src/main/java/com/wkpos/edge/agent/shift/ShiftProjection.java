package com.wkpos.edge.agent.shift;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.ledger.Ledger;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Applies the shift entries: opened, cash moved, no-sale, closed, and the Z report. */
final class ShiftProjection {
    private ShiftProjection() {
    }

    static void opened(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("shiftId").asText();
        String at = p.required("at").asText();
        PreparedStatement ps = ctx.statement("INSERT INTO shifts (id, seq, opened_seq, staff_id, opened_at, opening_float,"
                + " status) VALUES (?, ?, ?, ?, ?, ?, 'OPEN')");
        ps.setString(1, id);
        ps.setLong(2, e.seq());
        ps.setLong(3, e.seq());
        ps.setString(4, p.required("staffId").asText());
        ps.setString(5, at);
        ps.setLong(6, p.required("openingFloat").asLong());
        ps.executeUpdate();
        DrawerMoves.record(ctx, e, id, "FLOAT", p.required("openingFloat").asLong(), null, null, at);
        ledgerAndAudit(ctx, e, p, "shift.open", "shift:" + id, "float=" + p.required("openingFloat").asLong());
    }

    static void cashMoved(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        long amount = p.required("amount").asLong();
        String kind = p.required("kind").asText();
        DrawerMoves.record(ctx, e, p.required("shiftId").asText(), kind, kind.equals("CASH_IN") ? amount : -amount,
                null, p.required("reason").asText(), p.required("at").asText());
        if (p.hasNonNull("idempotencyKey")) {
            PreparedStatement ps = ctx.statement("INSERT INTO cash_move_keys (idempotency_key, seq, shift_id, kind,"
                    + " amount, reason) VALUES (?, ?, ?, ?, ?, ?)");
            ps.setString(1, p.required("idempotencyKey").asText());
            ps.setLong(2, e.seq());
            ps.setString(3, p.required("shiftId").asText());
            ps.setString(4, kind);
            ps.setLong(5, amount);
            ps.setString(6, p.required("reason").asText());
            ps.executeUpdate();
        }
        ledgerAndAudit(ctx, e, p, "shift." + kind.toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "shift:" + p.required("shiftId").asText(), amount + " reason=" + p.required("reason").asText());
    }

    static void noSale(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "drawer.no-sale",
                "shift:" + p.path("shiftId").asText(""), "reason=" + p.required("reason").asText());
    }

    static void closed(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        close(ctx, e, p.required("closing"), p.required("actor").asText(), p.required("at").asText(), null);
        ledgerAndAudit(ctx, e, p, "shift.close", "shift:" + p.required("closing").required("shiftId").asText(),
                closingDetail(p.required("closing")));
    }

    static void varianceAlert(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "shift.variance-alert",
                "shift:" + p.required("shiftId").asText(), "variance=" + p.required("variance").asLong()
                + " threshold=" + p.required("threshold").asLong());
    }

    static void zReport(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String at = p.required("at").asText();
        long zNo = p.required("zNo").asLong();
        for (JsonNode closing : p.required("closedShifts")) {
            close(ctx, e, closing, p.required("actor").asText(), at, zNo);
        }
        PreparedStatement ps = ctx.statement("INSERT INTO z_reports (z_no, id, seq, business_date, from_seq, to_seq,"
                + " created_at, actor, turnover, grand_total, totals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setLong(1, zNo);
        ps.setString(2, p.required("zId").asText());
        ps.setLong(3, e.seq());
        ps.setString(4, p.required("businessDate").asText());
        ps.setLong(5, p.required("fromSeq").asLong());
        ps.setLong(6, e.seq() - 1);
        ps.setString(7, at);
        ps.setString(8, p.required("actor").asText());
        ps.setLong(9, p.required("turnover").asLong());
        ps.setLong(10, p.required("grandTotal").asLong());
        ps.setString(11, p.required("totals").toString());
        ps.executeUpdate();
        ledgerAndAudit(ctx, e, p, "report.z", "z:" + zNo, "date=" + p.required("businessDate").asText() + " turnover="
                + p.required("turnover").asLong() + " grandTotal=" + p.required("grandTotal").asLong());
    }

    private static void close(ProjectionContext ctx, JournalEntry e, JsonNode c, String actor, String at, Long zNo)
            throws SQLException {
        String id = c.required("shiftId").asText();
        PreparedStatement ps = ctx.statement("UPDATE shifts SET status = 'CLOSED', seq = ?, closed_at = ?, closed_by = ?,"
                + " counted = ?, expected = ?, variance = ?, z_no = ? WHERE id = ? AND status = 'OPEN'");
        ps.setLong(1, e.seq());
        ps.setString(2, at);
        ps.setString(3, actor);
        ps.setLong(4, c.required("counted").asLong());
        ps.setLong(5, c.required("expected").asLong());
        ps.setLong(6, c.required("variance").asLong());
        if (zNo == null) {
            ps.setNull(7, java.sql.Types.INTEGER);
        } else {
            ps.setLong(7, zNo);
        }
        ps.setString(8, id);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("shift " + id + " is not open");
        }
        DrawerMoves.record(ctx, e, id, "VARIANCE", c.required("variance").asLong(), null, null, at);
        DrawerMoves.record(ctx, e, id, "DEPOSIT", -c.required("counted").asLong(), null, null, at);
    }

    private static String closingDetail(JsonNode c) {
        return "expected=" + c.required("expected").asLong() + " counted=" + c.required("counted").asLong()
                + " variance=" + c.required("variance").asLong();
    }

    private static void ledgerAndAudit(ProjectionContext ctx, JournalEntry e, JsonNode p, String action, String subject,
                                       String detail) throws SQLException {
        String at = p.required("at").asText();
        Ledger.project(ctx, e, p.required("ledger"), p.required("currency").asText(), at);
        Audit.record(ctx, e, at, p.required("actor").asText(), action, subject, detail);
    }
}

package com.wkpos.edge.agent.shift;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.fiscal.FiscalDocument;
import com.wkpos.edge.agent.fiscal.Fiscalization;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.rule.Refused;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Makes and reads Z reports: sequential numbers, one per business day, a running grand total. */
final class ZReports {
    private ZReports() {
    }

    /** The seq of the last Z entry; 0 before the first. */
    static long lastZSeq(ProjectionContext ctx) throws SQLException {
        try (ResultSet rs = ctx.statement("SELECT COALESCE(MAX(seq), 0) FROM z_reports").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A Z closes what happened since the last one; with no open shift and nothing booked since, a second Z
     * would only repeat it. (A day may have several Zs: a shift opened after the Z is closed by the next.)
     */
    private static void requireSomethingToClose(JournalTransaction tx) throws SQLException {
        try (ResultSet rs = tx.statement("SELECT (SELECT MAX(z_no) FROM z_reports),"
                + " EXISTS (SELECT 1 FROM shifts WHERE status = 'OPEN')"
                + " OR EXISTS (SELECT 1 FROM sales WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM z_reports))"
                + " OR EXISTS (SELECT 1 FROM refunds WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM z_reports))"
                + " OR EXISTS (SELECT 1 FROM drawer_moves WHERE seq > (SELECT COALESCE(MAX(seq), 0) FROM z_reports))")
                .executeQuery()) {
            rs.next();
            long last = rs.getLong(1);
            if (!rs.wasNull() && rs.getInt(2) == 0) {
                throw new Refused(Refused.Kind.CONFLICT, "z-already-done", "nothing was booked since Z " + last
                        + " and no shift is open; a Z can never be repeated or reversed");
            }
        }
    }

    static long append(JournalTransaction tx, String actor, ZoneId zone, String currency,
                       Function<String, String> categoryOf, Shifts shifts, Fiscalization fiscal) throws SQLException {
        String date = LocalDate.ofInstant(tx.clock().instant(), zone).toString();
        requireSomethingToClose(tx);
        long zNo;
        long grand;
        long after;
        try (ResultSet rs = tx.statement("SELECT COALESCE(MAX(z_no), 0), COALESCE(MAX(seq), 0),"
                + " COALESCE((SELECT grand_total FROM z_reports ORDER BY z_no DESC LIMIT 1), 0) FROM z_reports")
                .executeQuery()) {
            rs.next();
            zNo = rs.getLong(1) + 1;
            after = rs.getLong(2);
            grand = rs.getLong(3);
        }
        Map<String, Object> totals = ZTotals.compute(tx, after, Long.MAX_VALUE, categoryOf);
        List<Map<String, Object>> closings = new ArrayList<>();
        try (ResultSet rs = tx.statement("SELECT id FROM shifts WHERE status = 'OPEN' ORDER BY opened_seq")
                .executeQuery()) {
            List<String> open = new ArrayList<>();
            while (rs.next()) {
                open.add(rs.getString(1));
            }
            for (String id : open) {
                long expected = DrawerMoves.expected(tx, id);
                closings.add(shifts.closing(id, expected, expected));
            }
        }
        long turnover = ZTotals.turnover(totals);
        Map<String, Object> p = shifts.base(tx, actor, shifts.closingLedger(closings, "z:" + zNo));
        p.put("zId", UuidV7.nextString(tx.clock()));
        p.put("zNo", zNo);
        p.put("businessDate", date);
        p.put("fromSeq", after + 1);
        p.put("turnover", turnover);
        p.put("grandTotal", grand + turnover);
        p.put("totals", totals);
        p.put("closedShifts", closings);
        long toSafe = closings.stream().mapToLong(c -> (Long) c.get("counted")).sum();
        if (toSafe != 0) {
            fiscal.attach(tx, p, () -> FiscalDocument.cash("z:" + zNo, "TRANSIT", -toSafe));
        }
        tx.append(Shifts.Z_REPORT, p);
        return zNo;
    }

    /** The shifts still open at Z {@code zNo}, which it closed with their cash counted as expected. */
    private static List<Map<String, Object>> closedBy(java.sql.Connection c, long zNo) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, staff_id, expected, counted, variance FROM shifts"
                + " WHERE z_no = ? ORDER BY opened_seq")) {
            ps.setLong(1, zNo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> shift = new LinkedHashMap<>();
                    shift.put("shiftId", rs.getString(1));
                    shift.put("staffId", rs.getString(2));
                    shift.put("expected", rs.getLong(3));
                    shift.put("counted", rs.getLong(4));
                    shift.put("variance", rs.getLong(5));
                    out.add(shift);
                }
            }
        }
        return out;
    }

    static Optional<Map<String, Object>> find(Journal journal, long zNo) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT z_no, business_date, from_seq, to_seq, created_at,"
                    + " actor, turnover, grand_total, totals FROM z_reports WHERE z_no = ?")) {
                ps.setLong(1, zNo);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("kind", "Z");
                    out.put("zNo", rs.getLong(1));
                    out.put("businessDate", rs.getString(2));
                    out.put("fromSeq", rs.getLong(3));
                    out.put("toSeq", rs.getLong(4));
                    out.put("at", rs.getString(5));
                    out.put("actor", rs.getString(6));
                    out.put("turnover", rs.getLong(7));
                    out.put("grandTotal", rs.getLong(8));
                    JsonNode totals = CanonicalJson.read(rs.getString(9));
                    out.put("totals", totals);
                    out.put("closedShifts", closedBy(c, zNo));
                    return Optional.of(out);
                }
            }
        });
    }
}

package com.wkpos.edge.agent.shift;

import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import com.wkpos.edge.agent.rule.Refused;

/**
 * Local cash in and out of a shift's drawer, written by the projectors of every entry that moves
 * cash (float, sale, refund, void, cash in/out, gift card sale, closing). A shift's expected cash is
 * the sum of its moves; over all shifts they sum to the ledger's cash account ({@code journal verify}).
 */
public final class DrawerMoves {
    private DrawerMoves() {
    }

    /**
     * Records a move; zero amounts are skipped. {@code shiftId} is null only in journals written before
     * every cash movement needed an open shift.
     */
    public static void record(ProjectionContext ctx, JournalEntry e, String shiftId, String kind, long amount,
                              String ref, String reason, String at) throws SQLException {
        if (amount == 0) {
            return;
        }
        var insert = ctx.statement("INSERT INTO drawer_moves (id, seq, shift_id, kind, amount, ref, reason, occurred_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, UUID.nameUUIDFromBytes((e.id() + "/" + kind + "/" + shiftId).getBytes(StandardCharsets.UTF_8)).toString());
        insert.setLong(2, e.seq());
        insert.setString(3, shiftId);
        insert.setString(4, kind);
        insert.setLong(5, amount);
        insert.setString(6, ref);
        insert.setString(7, reason);
        insert.setString(8, at);
        insert.executeUpdate();
    }

    /** The open shift a till action belongs to: the actor's own, else the latest opened; null when none is open. */
    public static String currentShift(JournalTransaction tx, String staffId) throws SQLException {
        var mine = tx.statement("SELECT id FROM shifts WHERE status = 'OPEN' AND staff_id = ? ORDER BY opened_seq DESC LIMIT 1");
        mine.setString(1, staffId == null ? "" : staffId);
        try (ResultSet rs = mine.executeQuery()) {
            if (rs.next()) {
                return rs.getString(1);
            }
        }
        try (ResultSet rs = tx.statement("SELECT id FROM shifts WHERE status = 'OPEN' ORDER BY opened_seq DESC LIMIT 1")
                .executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * The open shift that cash and sales of this till go to, as {@link #currentShift}; no sale, refund or
     * cash movement happens outside one, so no cash ever belongs to no shift.
     *
     * @param what what the caller is about to do, for the refusal ("sell", "refund", …)
     * @throws Refused 409 {@code no-open-shift} when none is open (also after the Z, until a new one opens)
     */
    public static String requireOpenShift(JournalTransaction tx, String staffId, String what) throws SQLException {
        String id = currentShift(tx, staffId);
        if (id == null) {
            throw new Refused(Refused.Kind.CONFLICT, "no-open-shift", "no shift is open on this till, so it cannot "
                    + what + "; open one with POST /api/v1/shifts (after a Z report, a new shift opens the next day's"
                    + " selling)");
        }
        return id;
    }

    static long expected(JournalTransaction tx, String shiftId) throws SQLException {
        var ps = tx.statement("SELECT COALESCE(SUM(amount), 0) FROM drawer_moves WHERE shift_id = ?");
        ps.setString(1, shiftId);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package com.wkpos.edge.agent.shift;

import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Local cash in and out of a shift's drawer, written by the projectors of every entry that moves
 * cash (float, sale, refund, void, cash in/out, gift card sale, closing). A shift's expected cash is
 * the sum of its moves; over all shifts they sum to the ledger's cash account ({@code journal verify}).
 */
public final class DrawerMoves {
    private DrawerMoves() {
    }

    /** Records a move; {@code shiftId} null for cash taken while no shift was open. Zero amounts are skipped. */
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

    static long expected(JournalTransaction tx, String shiftId) throws SQLException {
        var ps = tx.statement("SELECT COALESCE(SUM(amount), 0) FROM drawer_moves WHERE shift_id = ?");
        ps.setString(1, shiftId);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package com.wkpos.edge.agent.journal;

import java.sql.SQLException;

/** Writes audit rows from projectors; one row per journal entry, keyed by the entry's id. */
public final class Audit {
    private Audit() {
    }

    public static void record(ProjectionContext ctx, JournalEntry entry, String occurredAt, String actor,
                              String action, String subject, String detail) throws SQLException {
        var insert = ctx.statement("INSERT INTO audit (id, seq, occurred_at, actor, action, subject, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, entry.id());
        insert.setLong(2, entry.seq());
        insert.setString(3, occurredAt);
        insert.setString(4, actor);
        insert.setString(5, action);
        insert.setString(6, subject);
        insert.setString(7, detail);
        insert.executeUpdate();
    }
}

package com.wkpos.edge.agent.journal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reading and writing rows of the {@code journal} table. */
final class JournalRows {
    static final String SELECT = "SELECT seq, id, device_id, hlc, type, payload, prev_hash, hash FROM journal";

    private JournalRows() {
    }

    static void insert(StatementCache statements, JournalEntry e) throws SQLException {
        PreparedStatement ps = statements.get("INSERT INTO journal (seq, id, device_id, hlc, type, payload,"
                + " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        ps.setLong(1, e.seq());
        ps.setString(2, e.id());
        ps.setString(3, e.deviceId());
        ps.setLong(4, e.hlc());
        ps.setString(5, e.type());
        ps.setString(6, e.payload());
        ps.setString(7, e.prevHash());
        ps.setString(8, e.hash());
        ps.executeUpdate();
    }

    static JournalEntry read(ResultSet rs) throws SQLException {
        return new JournalEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }
}

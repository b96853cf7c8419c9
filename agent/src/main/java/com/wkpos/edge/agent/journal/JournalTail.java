package com.wkpos.edge.agent.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads committed journal entries in order on its own read-only connection, so the sync uploader
 * never takes a read connection from the LAN API or waits for the writer. Not thread-safe: one reader.
 */
public final class JournalTail implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement after;

    private JournalTail(Connection connection) throws SQLException {
        this.connection = connection;
        this.after = connection.prepareStatement(JournalRows.SELECT + " WHERE seq > ? ORDER BY seq LIMIT ?");
    }

    public static JournalTail open(Path journalFile) {
        try {
            return new JournalTail(Database.open(journalFile, true));
        } catch (SQLException e) {
            throw new JournalUnavailableException("cannot open " + journalFile + " for reading: " + e.getMessage(), e);
        }
    }

    /** Up to {@code limit} entries with {@code seq > afterSeq}, in order. */
    public List<JournalEntry> after(long afterSeq, int limit) {
        List<JournalEntry> out = new ArrayList<>(Math.min(limit, 1024));
        try {
            after.setLong(1, afterSeq);
            after.setInt(2, limit);
            try (ResultSet rs = after.executeQuery()) {
                while (rs.next()) {
                    out.add(JournalRows.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new JournalUnavailableException("reading journal after seq " + afterSeq + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            after.close();
            connection.close();
        } catch (SQLException e) {
            org.tinylog.Logger.debug("closing journal tail: {}", e.getMessage());
        }
    }
}

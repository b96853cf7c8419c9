package com.wkpos.edge.agent.fiscal;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code fiscal_records} table: one row per fiscal document, PENDING until signed or failed. */
final class FiscalRecords {
    private static final String COLUMNS = "document, kind, entry_seq, status, process_type, process_data, client_id,"
            + " tx_number, signature_counter, start_time, log_time, signature, tse_serial, algorithm, time_format,"
            + " public_key, error";

    private FiscalRecords() {
    }

    /** Every entry carrying {@code fiscal} makes a PENDING record, in the entry's own transaction. */
    static void pending(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        JsonNode f = p.path("fiscal");
        if (!f.isObject()) {
            return;
        }
        PreparedStatement ps = ctx.statement("INSERT INTO fiscal_records (document, seq, entry_seq, kind, status,"
                + " process_type, process_data) VALUES (?, ?, ?, ?, 'PENDING', ?, ?)");
        ps.setString(1, f.required("document").asText());
        ps.setLong(2, e.seq());
        ps.setLong(3, e.seq());
        ps.setString(4, f.required("kind").asText());
        ps.setString(5, f.required("processType").asText());
        ps.setString(6, f.required("processData").asText());
        ps.executeUpdate();
    }

    static void signed(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE fiscal_records SET seq = ?, status = 'SIGNED', client_id = ?,"
                + " tx_number = ?, signature_counter = ?, start_time = ?, log_time = ?, signature = ?, tse_serial = ?,"
                + " algorithm = ?, time_format = ?, public_key = ? WHERE document = ? AND status = 'PENDING'"
                + " AND process_type = ? AND process_data = ?");
        ps.setLong(1, e.seq());
        ps.setString(2, p.required("clientId").asText());
        ps.setLong(3, p.required("transactionNumber").asLong());
        ps.setLong(4, p.required("signatureCounter").asLong());
        ps.setString(5, p.required("startTime").asText());
        ps.setString(6, p.required("logTime").asText());
        ps.setString(7, p.required("signature").asText());
        ps.setString(8, p.required("tseSerial").asText());
        ps.setString(9, p.required("algorithm").asText());
        ps.setString(10, p.required("timeFormat").asText());
        ps.setString(11, p.required("publicKey").asText());
        ps.setString(12, p.required("document").asText());
        ps.setString(13, p.required("processType").asText());
        ps.setString(14, p.required("processData").asText());
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("fiscal document " + p.required("document").asText()
                    + " is not pending with that process data");
        }
    }

    static void failed(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE fiscal_records SET seq = ?, status = 'FAILED', error = ?"
                + " WHERE document = ? AND status = 'PENDING'");
        ps.setLong(1, e.seq());
        ps.setString(2, p.required("error").asText());
        ps.setString(3, p.required("document").asText());
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("fiscal document " + p.required("document").asText() + " is not pending");
        }
    }

    static Optional<FiscalRecord> find(Connection c, String document) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM fiscal_records WHERE document = ?")) {
            ps.setString(1, document);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The oldest pending records, in journal order. */
    static List<FiscalRecord> pending(Connection c, int limit) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM fiscal_records WHERE status = 'PENDING' ORDER BY entry_seq LIMIT ?",
                limit);
    }

    /** Signed records in the order they were signed (the order of their {@code fiscal.signed} entries). */
    static List<FiscalRecord> signedInOrder(Connection c) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM fiscal_records WHERE status = 'SIGNED' ORDER BY seq LIMIT ?",
                Integer.MAX_VALUE);
    }

    private static List<FiscalRecord> query(Connection c, String sql, int limit) throws SQLException {
        List<FiscalRecord> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private static FiscalRecord row(ResultSet rs) throws SQLException {
        return new FiscalRecord(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), nullableLong(rs, 8), nullableLong(rs, 9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16), rs.getString(17));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}

package com.wkpos.edge.agent.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sqlite.SQLiteConfig;

/**
 * What the journal file says without the agent: its head, schema version, device id, print queue, the
 * row count of every table, and the rows of state tables (sync and licence state, whatever tables later
 * versions add under those names), secret columns redacted. Opens the file read-only and changes nothing;
 * sales, payments and journal payloads (customer and business data) stay out.
 */
final class OfflineState {
    static final Pattern STATE_TABLES = Pattern.compile("(?i)(sync|outbox|hq|license|licence|enrol|provision).*");
    private static final int MAX_ROWS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OfflineState() {
    }

    /** Entry name → JSON, or a note why the journal could not be read. */
    static Map<String, String> read(Path stateDir) {
        Map<String, String> entries = new LinkedHashMap<>();
        Path file = stateDir.resolve("journal.db");
        if (!Files.isRegularFile(file)) {
            entries.put("journal/README.txt", "no journal at " + file + "\n");
            return entries;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5_000);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
            List<String> tables = list(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                    + " ORDER BY name");
            Map<String, Object> counts = new LinkedHashMap<>();
            for (String table : tables) {
                counts.put(table, rows(c, "SELECT COUNT(*) AS n FROM \"" + table + "\"").getFirst().get("n"));
            }
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("source", "journal file (agent not reachable)");
            status.put("device", tables.contains("device") ? rows(c, "SELECT * FROM device") : List.of());
            status.put("head", rows(c, "SELECT seq, type, hlc, hash FROM journal ORDER BY seq DESC LIMIT 20"));
            status.put("schemaVersions", rows(c, "SELECT version, script, applied_at FROM schema_version ORDER BY version"));
            status.put("tables", counts);
            entries.put("status/offline.json", write(status));
            if (tables.contains("print_jobs")) {
                entries.put("devices/print-queue.json", write(rows(c,
                        "SELECT id, sale_id, kind, status, attempts, queued_at, last_error FROM print_jobs"
                                + " WHERE status <> 'PRINTED' ORDER BY queued_seq LIMIT " + MAX_ROWS)));
            }
            for (String table : tables) {
                if (STATE_TABLES.matcher(table).matches()) {
                    entries.put("sync/" + table + ".json", write(rows(c, "SELECT * FROM \"" + table + "\" LIMIT " + MAX_ROWS)));
                }
            }
        } catch (SQLException e) {
            entries.put("journal/README.txt", "cannot read " + file + ": " + e.getMessage() + "\n");
        }
        return entries;
    }

    private static List<String> list(Connection c, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Rows as column → value, values of secret columns replaced. */
    private static List<Map<String, Object>> rows(Connection c, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String column = meta.getColumnLabel(i);
                    Object value = rs.getObject(i);
                    row.put(column, Redaction.secretName(column) ? Redaction.REDACTED
                            : value instanceof String text ? Redaction.values(text) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static String write(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write support data as JSON", e);
        }
    }
}

package com.wkpos.edge.agent.journal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * Versioned schema migrations, applied in order at start-up, each in its own transaction, recorded
 * with a checksum. A database whose schema is newer than this build, or whose applied scripts differ
 * from ours, is refused untouched: running old code on a newer journal could corrupt it.
 */
final class Migrations {
    /** In order; a script once released is never edited, only followed by a new one. */
    static final List<String> SCRIPTS = List.of(
            "V001__journal.sql",
            "V002__catalog_stock.sql",
            "V003__sales_ledger.sql",
            "V004__print_jobs.sql",
            "V005__till.sql",
            "V006__refunds_parked.sql",
            "V007__screens.sql",
            "V008__print_documents.sql",
            "V009__price_changes.sql",
            "V010__downstream_sections.sql",
            "V011__staff_pin_failures.sql",
            "V012__card_refund_alerts.sql",
            "V013__drop_unused_seq_indexes.sql",
            "V014__fiscal_cashier_z_per_day.sql",
            "V015__back_office.sql", "V016__job_payment_reversals.sql",
            "V017__cash_move_keys.sql", "V018__stock_movement_types.sql", "V019__supply.sql",
            "V020__stock_reservations.sql", "V021__serial_units.sql", "V022__online_orders.sql");

    private Migrations() {
    }

    static int latest() {
        return SCRIPTS.size();
    }

    static void migrate(Connection c, String where) throws SQLException {
        Database.exec(c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
                + " script TEXT NOT NULL, sha256 TEXT NOT NULL, applied_at TEXT NOT NULL)");
        List<String[]> applied = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, script, sha256 FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                applied.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        if (applied.size() > SCRIPTS.size()) {
            throw new IllegalStateException(where + " has schema version " + applied.size()
                    + ", newer than this build knows (" + SCRIPTS.size() + "); upgrade WK Edge. Nothing was changed.");
        }
        for (int i = 0; i < applied.size(); i++) {
            String script = SCRIPTS.get(i);
            String[] row = applied.get(i);
            if (!row[0].equals(String.valueOf(i + 1)) || !row[1].equals(script)
                    || !row[2].equals(HashChain.sha256Hex(load(script).getBytes(StandardCharsets.UTF_8)))) {
                throw new IllegalStateException(where + ": applied migration " + row[0] + " (" + row[1]
                        + ") does not match this build's " + script + "; refusing to run. Nothing was changed.");
            }
        }
        for (int i = applied.size(); i < SCRIPTS.size(); i++) {
            apply(c, i + 1, SCRIPTS.get(i), where);
        }
    }

    private static void apply(Connection c, int version, String script, String where) throws SQLException {
        String sql = load(script);
        Database.exec(c, "BEGIN IMMEDIATE");
        try {
            for (String statement : statements(sql)) {
                Database.exec(c, statement);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO schema_version (version, script, sha256, applied_at) VALUES (?, ?, ?, datetime('now'))")) {
                ps.setInt(1, version);
                ps.setString(2, script);
                ps.setString(3, HashChain.sha256Hex(sql.getBytes(StandardCharsets.UTF_8)));
                ps.executeUpdate();
            }
            Database.exec(c, "COMMIT");
            Logger.debug("{}: applied migration {}", where, script);
        } catch (SQLException | RuntimeException e) {
            Database.exec(c, "ROLLBACK");
            throw new IllegalStateException(where + ": migration " + script + " failed: " + e.getMessage(), e);
        }
    }

    /** Splits a script on semicolons that end a statement, keeping trigger bodies ({@code BEGIN … END;}) whole. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            String upper = trimmed.toUpperCase(java.util.Locale.ROOT);
            if (upper.startsWith("CREATE TRIGGER")) {
                inTrigger = true;
            }
            boolean ends = inTrigger ? upper.endsWith("END;") : trimmed.endsWith(";");
            if (ends) {
                out.add(current.toString().strip());
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("migration ends inside a statement: " + current);
        }
        return out;
    }

    private static String load(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the build: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + script, e);
        }
    }
}

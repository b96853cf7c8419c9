package com.wkpos.edge.hq;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The stores HQ tests run against: always SQLite; PostgreSQL too when it answers on 127.0.0.1:5432
 * (database {@code test}, trust auth), each run in a fresh schema. With
 * {@code WK_EDGE_REAL_SERVICES=required} a missing PostgreSQL fails the run instead of skipping it.
 */
public final class Stores {
    public static final String PG_BASE = System.getenv().getOrDefault("WK_EDGE_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private Stores() {
    }

    public static boolean required() {
        return "required".equals(System.getenv("WK_EDGE_REAL_SERVICES"));
    }

    /** null for SQLite in the state directory, plus a fresh PostgreSQL schema URL when reachable. */
    public static List<String> urls() {
        List<String> urls = new ArrayList<>();
        urls.add(null);
        String pg = freshPostgresSchema();
        if (pg != null) {
            urls.add(pg);
        }
        return urls;
    }

    /** A new schema in PostgreSQL and a URL that uses it, or null when PostgreSQL is not reachable. */
    public static String freshPostgresSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_BASE); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            return PG_BASE + "&currentSchema=" + schema;
        } catch (SQLException e) {
            if (required()) {
                throw new IllegalStateException("PostgreSQL required (WK_EDGE_REAL_SERVICES=required) but " + PG_BASE
                        + " is not reachable: " + e.getMessage(), e);
            }
            return null;
        }
    }
}

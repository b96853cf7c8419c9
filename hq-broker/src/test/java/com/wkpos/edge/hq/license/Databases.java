package com.wkpos.edge.hq.license;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The two databases the authority runs on: a SQLite file, and PostgreSQL (a fresh schema) when one is reachable. */
public final class Databases {
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private Databases() {
    }

    public static DataSource sqlite(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("hq-license.db"));
        return ds;
    }

    /** A data source on a new schema of the local PostgreSQL, or null when none answers and none is required. */
    public static DataSource postgres(List<String> schemasToDrop) {
        String schema = "lic_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PG_URL + "?connectTimeout=2", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if ("required".equals(System.getenv("WK_EDGE_REAL_SERVICES"))) {
                throw new IllegalStateException("PostgreSQL at " + PG_URL + " is required (WK_EDGE_REAL_SERVICES) but "
                        + e.getMessage(), e);
            }
            return null;
        }
        schemasToDrop.add(schema);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(PG_URL);
        ds.setUser("postgres");
        ds.setCurrentSchema(schema);
        return ds;
    }

    public static void drop(List<String> schemas) {
        try (Connection c = DriverManager.getConnection(PG_URL, "postgres", ""); Statement s = c.createStatement()) {
            for (String schema : new ArrayList<>(schemas)) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test schemas " + schemas, e);
        }
    }
}

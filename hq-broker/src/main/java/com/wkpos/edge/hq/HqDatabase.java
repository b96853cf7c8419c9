package com.wkpos.edge.hq;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.tinylog.Logger;

/**
 * HQ's store: SQLite in the state directory by default, PostgreSQL with {@code --db jdbc:postgresql://…}.
 * One SQL dialect where it can be ({@code INSERT … ON CONFLICT} works in both); only the append-only
 * triggers differ. One connection, used under a lock: ingest is serial per HQ instance, and several
 * instances share the load through the broker's shared subscription (their transactions meet in the
 * database, where every write is idempotent or monotonic).
 */
final class HqDatabase implements AutoCloseable {
    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final String url;
    private final boolean postgres;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;

    private HqDatabase(String url) {
        this.url = url;
        this.postgres = url.startsWith("jdbc:postgresql:");
    }

    /** Opens {@code url}, or SQLite {@code hq.db} under {@code stateDir} when null, and creates the schema. */
    static HqDatabase open(String url, Path stateDir) {
        String u = url;
        try {
            if (u == null) {
                Files.createDirectories(stateDir);
                System.setProperty("org.sqlite.tmpdir", stateDir.toAbsolutePath().toString());
                u = "jdbc:sqlite:" + stateDir.resolve("hq.db").toAbsolutePath();
            } else if (!u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:sqlite:")) {
                throw new IllegalArgumentException("--db must be a jdbc:postgresql:// or jdbc:sqlite: URL, was " + u);
            }
            HqDatabase db = new HqDatabase(u);
            db.connection = db.connect();
            int[] backfilled = db.inTransaction(c -> {
                HqSchema.create(c, db.postgres);
                String now = java.time.Instant.now().toString();
                return new int[] {SalesProjector.backfill(c, now), BackOfficeProjector.backfill(c, now)};
            });
            if (backfilled[0] > 0) {
                Logger.info("HQ store: {} sale, refund and void entries stored earlier are now listed", backfilled[0]);
            }
            if (backfilled[1] > 0) {
                Logger.info("HQ store: {} back-office entries stored earlier are now in the reports", backfilled[1]);
            }
            Logger.info("HQ store: {}", u.replaceAll("password=[^&]*", "password=…"));
            return db;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create HQ state directory " + stateDir + ": " + e.getMessage(), e);
        }
    }

    boolean postgres() {
        return postgres;
    }

    /** Connections of their own to the same store, for parts that manage their transactions themselves. */
    javax.sql.DataSource dataSource() {
        if (postgres) {
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl(url);
            return ds;
        }
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /**
     * Runs {@code work} in one transaction and commits; on failure rolls back and reconnects if the
     * connection broke, then throws {@link StoreException}.
     */
    <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            if (connection == null || connection.isClosed()) {
                connection = connect();
            }
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            }
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("HQ store " + url.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private Connection connect() throws StoreException {
        try {
            Connection c = DriverManager.getConnection(url);
            if (!postgres) {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA journal_mode=WAL");
                    s.execute("PRAGMA synchronous=FULL");
                    s.execute("PRAGMA busy_timeout=10000");
                }
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            throw new StoreException("cannot connect to HQ store " + url.replaceAll("\\?.*", "") + ": " + e.getMessage(), e);
        }
    }

    static void exec(Connection c, List<String> statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            Logger.debug("rollback: {}", e.getMessage());
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException e) {
            Logger.debug("closing HQ store connection: {}", e.getMessage());
        }
        connection = null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    /** The store failed (down, full, broken); nothing of the transaction was written. */
    static final class StoreException extends RuntimeException {
        StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

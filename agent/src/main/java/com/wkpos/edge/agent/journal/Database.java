package com.wkpos.edge.agent.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Opens SQLite connections with the journal's settings and checks that they took: WAL, synchronous
 * FULL (a commit is on disk when it returns), foreign keys, a busy timeout. A connection whose pragmas
 * did not take is refused, because a box that silently runs without them may lose sales on a power cut.
 */
public final class Database {
    static final int BUSY_TIMEOUT_MS = 5_000;
    private static final int SYNCHRONOUS_FULL = 2;

    private Database() {
    }

    /**
     * sqlite-jdbc extracts its native library to {@code java.io.tmpdir} unless told otherwise; a
     * {@code noexec} /tmp would then stop the box from starting, so it goes under the state directory.
     */
    public static synchronized void nativeTmpDirUnder(Path stateDir) {
        if (System.getProperty("org.sqlite.tmpdir") == null) {
            Path tmp = stateDir.resolve("tmp");
            try {
                Files.createDirectories(tmp);
            } catch (java.io.IOException e) {
                throw new JournalUnavailableException("cannot create " + tmp + " for SQLite's native library", e);
            }
            System.setProperty("org.sqlite.tmpdir", tmp.toString());
        }
    }

    public static Connection open(Path file, boolean queryOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        try {
            if (queryOnly) {
                exec(c, "PRAGMA query_only = ON");
            }
            check(c, file);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** An in-memory database with the same schema, for replaying a journal. */
    static Connection openInMemory() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        return config.createConnection("jdbc:sqlite::memory:");
    }

    private static void check(Connection c, Path file) throws SQLException {
        String mode = pragma(c, "journal_mode");
        String sync = pragma(c, "synchronous");
        String fk = pragma(c, "foreign_keys");
        String busy = pragma(c, "busy_timeout");
        if (!"wal".equalsIgnoreCase(mode) || !String.valueOf(SYNCHRONOUS_FULL).equals(sync) || !"1".equals(fk)
                || !String.valueOf(BUSY_TIMEOUT_MS).equals(busy)) {
            throw new IllegalStateException("SQLite settings did not take on " + file + ": journal_mode=" + mode
                    + " synchronous=" + sync + " foreign_keys=" + fk + " busy_timeout=" + busy
                    + " (need wal, 2, 1, " + BUSY_TIMEOUT_MS + "); refusing to run without them");
        }
    }

    static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

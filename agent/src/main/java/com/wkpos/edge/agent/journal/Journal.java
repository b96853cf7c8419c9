package com.wkpos.edge.agent.journal;

import com.wkpos.edge.protocol.HybridLogicalClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The branch journal: one SQLite file per box, the single source of truth of everything that
 * happened at the branch.
 *
 * <p>One writer thread owns the write connection. {@link #submit} queues a command and returns a
 * future that completes only after the command's transaction committed (or failed). Commands that
 * queue up while a commit is in flight are committed together in the next transaction: one fsync
 * for the batch (group commit), each command isolated by a savepoint so one failing command does
 * not take the others with it. Reads use their own pooled connections and never wait for the writer.
 *
 * <p>Thread-safe.
 */
public final class Journal implements AutoCloseable {
    public static final String FILE_NAME = "journal.db";
    private static final int MAX_BATCH = 512;
    private static final int QUEUE_CAPACITY = 10_000;
    private static final int READERS = 4;
    private static final long MAX_HLC_DRIFT_MS = Duration.ofMinutes(5).toMillis();

    private final Path file;
    private final Clock clock;
    private final Projections projections;
    private final HybridLogicalClock hlc;
    private final Connection writeConnection;
    private final StatementCache statements;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final Thread writer;
    private final String deviceId;
    private volatile Head committed;
    private Head working;
    private volatile boolean closed;
    private volatile long busySinceNanos;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();

    private Journal(Path file, Clock clock, Projections projections, Connection writeConnection, Head head,
                    String deviceId) {
        this.file = file;
        this.clock = clock;
        this.projections = projections;
        this.writeConnection = writeConnection;
        this.statements = new StatementCache(writeConnection);
        this.committed = head;
        this.working = head;
        this.deviceId = deviceId;
        this.hlc = new HybridLogicalClock(clock, MAX_HLC_DRIFT_MS);
        this.hlc.advanceTo(head.hlc());
        this.writer = Thread.ofPlatform().name("journal-writer").daemon(false).unstarted(this::writeLoop);
    }

    /**
     * Opens (creating on first start) the journal under {@code stateDir}: checks the SQLite settings,
     * migrates the schema, and on first start makes the device id and appends {@code device.initialized}.
     *
     * @throws IllegalStateException       if the settings did not take or the schema is newer than this build
     * @throws JournalUnavailableException if the file cannot be opened
     */
    public static Journal open(Path stateDir, Clock clock, Projections projections) {
        Path file = stateDir.resolve(FILE_NAME);
        Connection c = null;
        try {
            Files.createDirectories(stateDir);
            Database.nativeTmpDirUnder(stateDir);
            c = Database.open(file, false);
            Migrations.migrate(c, file.toString());
            Head head = readHead(c);
            String deviceId = readDeviceId(c);
            if (deviceId == null && head.seq() > 0) {
                throw new IllegalStateException(file + " has " + head.seq() + " journal entries but no device identity");
            }
            boolean firstStart = deviceId == null;
            if (firstStart) {
                deviceId = UuidV7.nextString(clock);
            }
            Journal journal = new Journal(file, clock, projections, c, head, deviceId);
            for (int i = 0; i < READERS; i++) {
                journal.readers.add(Database.open(file, true));
            }
            journal.writer.start();
            if (firstStart) {
                String id = deviceId;
                journal.submit(tx -> tx.append(Projections.DEVICE_INITIALIZED,
                        Map.of("deviceId", id, "createdAt", clock.instant().toString()))).join();
                Logger.info("first start: device id {} made and journaled", id);
            }
            return journal;
        } catch (java.io.IOException | SQLException e) {
            closeQuietly(c);
            throw new JournalUnavailableException("cannot open journal " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /**
     * Queues a command for the writer thread. The future completes after the command's transaction
     * committed, with the command's result, or exceptionally with what the command threw (nothing of
     * it written) or a {@link JournalUnavailableException} (nothing of the batch written).
     */
    /** The journal's hybrid logical clock; data merged from elsewhere moves it so later entries order after it. */
    public HybridLogicalClock hlc() {
        return hlc;
    }

    public <T> CompletableFuture<T> submit(WriteCommand<T> command) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (closed) {
            future.completeExceptionally(new JournalUnavailableException("journal " + file + " is closed", null));
        } else if (!queue.offer(new Pending<>(command, future))) {
            future.completeExceptionally(new JournalUnavailableException(
                    "journal writer overloaded: " + QUEUE_CAPACITY + " commands waiting", null));
        }
        return future;
    }

    /** Runs a read in one read transaction on a pooled connection; never blocked by the writer. */
    public <T> T read(ReadQuery<T> query) {
        Connection c;
        try {
            c = readers.poll(Database.BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalUnavailableException("interrupted waiting for a read connection", e);
        }
        if (c == null) {
            throw new JournalUnavailableException("no read connection free after " + Database.BUSY_TIMEOUT_MS + " ms", null);
        }
        try {
            Database.exec(c, "BEGIN");
            try {
                return query.read(c);
            } finally {
                Database.exec(c, "COMMIT");
            }
        } catch (SQLException e) {
            throw new JournalUnavailableException("read from " + file + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    public Head head() {
        return committed;
    }

    public String deviceId() {
        return deviceId;
    }

    public Path file() {
        return file;
    }

    /** Write transactions committed since open; with group commit, fewer than the commands committed. */
    public long commits() {
        return commits.get();
    }

    /** Commands waiting for the writer. */
    public int backlog() {
        return queue.size();
    }

    /**
     * True while the writer thread is alive and not stuck: no batch has been in progress for longer
     * than {@code maxBatch}. The service watchdog pings only while this holds.
     */
    public boolean writerHealthy(Duration maxBatch) {
        long since = busySinceNanos;
        return writer.isAlive() && !closed && (since == 0 || System.nanoTime() - since < maxBatch.toNanos());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(Pending.STOP);
        try {
            writer.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection c : readers) {
            closeQuietly(c);
        }
        statements.close();
        closeQuietly(writeConnection);
    }

    private void writeLoop() {
        List<Pending<?>> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Logger.warn("journal writer interrupted; stopping");
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean stop = batch.removeIf(p -> p == Pending.STOP);
            busySinceNanos = System.nanoTime();
            if (!batch.isEmpty()) {
                commit(batch);
            }
            busySinceNanos = 0;
            batch.clear();
            if (stop) {
                List<Pending<?>> rest = new ArrayList<>();
                queue.drainTo(rest);
                rest.forEach(p -> p.fail(new JournalUnavailableException("journal " + file + " is closed", null)));
                return;
            }
        }
    }

    private void commit(List<Pending<?>> batch) {
        Head start = working;
        List<Runnable> afterCommit = new ArrayList<>();
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try {
            control("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            failAll(batch, new JournalUnavailableException("cannot begin a write transaction on " + file + ": "
                    + e.getMessage(), e));
            return;
        }
        try {
            for (int i = 0; i < batch.size(); i++) {
                Head before = working;
                int hooks = afterCommit.size();
                control("SAVEPOINT command");
                try {
                    results[i] = batch.get(i).command().execute(new Tx(afterCommit));
                    control("RELEASE command");
                } catch (Exception | AssertionError e) {
                    control("ROLLBACK TO command");
                    control("RELEASE command");
                    working = before;
                    afterCommit.subList(hooks, afterCommit.size()).clear();
                    failures[i] = e;
                }
            }
            control("COMMIT");
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            working = start;
            failAll(batch, new JournalUnavailableException("commit to " + file + " failed, nothing of "
                    + batch.size() + " commands written: " + e.getMessage(), e));
            return;
        }
        committed = working;
        commits.incrementAndGet();
        for (Runnable hook : afterCommit) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                Logger.error(e, "after-commit action failed (the commit stands)");
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).settle(results[i], failures[i]);
        }
    }

    /** Transaction control through cached statements: SQLite compiles each once. */
    private void control(String sql) throws SQLException {
        statements.get(sql).execute();
    }

    private void rollbackQuietly() {
        try {
            control("ROLLBACK");
        } catch (SQLException e) {
            Logger.debug("rollback after a failed commit: {}", e.getMessage());
        }
    }

    private static void failAll(List<Pending<?>> batch, JournalUnavailableException e) {
        Logger.error(e.getMessage());
        batch.forEach(p -> p.fail(e));
    }

    private static Head readHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash, hlc FROM journal ORDER BY seq DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2), rs.getLong(3)) : Head.EMPTY;
        }
    }

    private static String readDeviceId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM device");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                Logger.debug("closing a journal connection: {}", e.getMessage());
            }
        }
    }

    /** The writer's view of one command's transaction. Used only on the writer thread. */
    private final class Tx implements JournalTransaction {
        private final List<Runnable> afterCommit;

        Tx(List<Runnable> afterCommit) {
            this.afterCommit = afterCommit;
        }

        @Override
        public JournalEntry append(String type, Object payload) {
            Projector projector = projections.projector(type);
            com.fasterxml.jackson.databind.JsonNode tree = CanonicalJson.tree(payload);
            String json = CanonicalJson.write(tree);
            Head prev = working;
            long seq = prev.seq() + 1;
            long stamp = hlc.now();
            String id = UuidV7.nextString(clock);
            String hash = HashChain.hash(prev.hash(), seq, id, deviceId, stamp, type, json);
            JournalEntry entry = new JournalEntry(seq, id, deviceId, stamp, type, json, prev.hash(), hash);
            try {
                control("SAVEPOINT append");
                try {
                    JournalRows.insert(statements, entry);
                    // the tree written is the tree replay parses back (verify proves the projections agree)
                    projector.apply(this, entry, tree);
                    control("RELEASE append");
                } catch (SQLException | RuntimeException e) {
                    control("ROLLBACK TO append");
                    control("RELEASE append");
                    throw e;
                }
            } catch (SQLException e) {
                throw new JournalUnavailableException("appending " + type + " at seq " + seq + " failed: "
                        + e.getMessage(), e);
            }
            working = new Head(seq, hash, stamp);
            return entry;
        }

        @Override
        public PreparedStatement statement(String sql) throws SQLException {
            return statements.get(sql);
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        @Override
        public String deviceId() {
            return deviceId;
        }

        @Override
        public Clock clock() {
            return clock;
        }
    }
}

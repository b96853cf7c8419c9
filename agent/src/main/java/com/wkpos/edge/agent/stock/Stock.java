package com.wkpos.edge.agent.stock;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Stock on hand per SKU. Every change is an append-only inventory movement; the {@code stock} row is
 * their running sum with a version that each change must name (optimistic concurrency), so two
 * writers can never both apply a change computed from the same level. A movement changes either what is
 * on hand ({@code qty_delta}) or what is reserved ({@code reserved_delta}, RESERVATION and RELEASE), never
 * both: a reservation promises stock without moving it.
 */
public final class Stock {
    private Stock() {
    }

    /**
     * A SKU's level as read. {@code version} is what the next movement must name; {@code reserved} is held
     * by open reservations.
     */
    public record Level(String sku, long onHand, long reorderLevel, long version, long reserved) {
        public Level(String sku, long onHand, long reorderLevel, long version) {
            this(sku, onHand, reorderLevel, version, 0);
        }

        public boolean low() {
            return onHand <= reorderLevel;
        }

        /** What can still be promised: on hand less what open reservations hold. */
        public long available() {
            return onHand - reserved;
        }
    }

    /** Thrown by a projector when the stock row moved on since the command read it. */
    public static final class StaleVersionException extends RuntimeException {
        public StaleVersionException(String sku, long expected) {
            super("stock of " + sku + " is no longer at version " + expected);
        }
    }

    public static void register(Projections.Builder projections) {
        projections.table("stock", "sku", "seq").table("inventory_movements", "id", "seq")
                .table("stock_reservations", "id", "seq");
    }

    public static Optional<Level> level(Connection c, String sku) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                LEVEL_SELECT)) {
            ps.setString(1, sku);
            return level(ps);
        }
    }

    /** The same read through a cached statement, for the writer. */
    public static Optional<Level> level(ProjectionContext ctx, String sku) throws SQLException {
        PreparedStatement ps = ctx.statement(LEVEL_SELECT);
        ps.setString(1, sku);
        return level(ps);
    }

    static final String LEVEL_COLUMNS = "sku, on_hand, reorder_level, version, reserved";
    private static final String LEVEL_SELECT = "SELECT " + LEVEL_COLUMNS + " FROM stock WHERE sku = ?";

    private static Optional<Level> level(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(level(rs)) : Optional.empty();
        }
    }

    /** A level from a row of {@link #LEVEL_COLUMNS}. */
    static Level level(ResultSet rs) throws SQLException {
        return new Level(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5));
    }

    public static Optional<Level> level(Journal journal, String sku) {
        return journal.read(c -> level(c, sku));
    }

    /**
     * Creates the stock row of a SKU seen for the first time, with an OPENING movement for its
     * starting quantity; a known SKU only gets its reorder level updated.
     *
     * @return true if the SKU was new
     */
    public static boolean openIfNew(ProjectionContext ctx, JournalEntry e, String sku, long qty, long reorderLevel,
                                    String at) throws SQLException {
        PreparedStatement insert = ctx.statement("INSERT INTO stock (sku, on_hand, reorder_level, version, seq)"
                + " VALUES (?, ?, ?, 1, ?) ON CONFLICT (sku) DO NOTHING");
        insert.setString(1, sku);
        insert.setLong(2, qty);
        insert.setLong(3, reorderLevel);
        insert.setLong(4, e.seq());
        if (insert.executeUpdate() == 0) {
            PreparedStatement reorder = ctx.statement(
                    "UPDATE stock SET reorder_level = ?, seq = ? WHERE sku = ? AND reorder_level <> ?");
            reorder.setLong(1, reorderLevel);
            reorder.setLong(2, e.seq());
            reorder.setString(3, sku);
            reorder.setLong(4, reorderLevel);
            reorder.executeUpdate();
            return false;
        }
        if (qty != 0) {
            insertMovement(ctx, e, derivedId(e, sku), sku, "OPENING", qty, 0, null, at);
        }
        return true;
    }

    /**
     * Applies a movement to a SKU's level, naming the version it was computed from ({@code 0}: the SKU
     * has no stock row yet).
     *
     * @throws StaleVersionException if the level is no longer at {@code expectedVersion}
     */
    public static void move(ProjectionContext ctx, JournalEntry e, String movementId, String sku, String type,
                            long delta, long expectedVersion, String refId, String at) throws SQLException {
        PreparedStatement update;
        if (expectedVersion == 0) {
            update = ctx.statement("INSERT INTO stock (sku, on_hand, reorder_level, version, seq)"
                    + " VALUES (?, ?, 0, 1, ?) ON CONFLICT (sku) DO NOTHING");
            update.setString(1, sku);
            update.setLong(2, delta);
            update.setLong(3, e.seq());
        } else {
            update = ctx.statement("UPDATE stock SET on_hand = on_hand + ?, version = version + 1,"
                    + " seq = ? WHERE sku = ? AND version = ?");
            update.setLong(1, delta);
            update.setLong(2, e.seq());
            update.setString(3, sku);
            update.setLong(4, expectedVersion);
        }
        if (update.executeUpdate() != 1) {
            throw new StaleVersionException(sku, expectedVersion);
        }
        insertMovement(ctx, e, movementId, sku, type, delta, 0, refId, at);
    }

    /**
     * Changes what is reserved of a SKU (a RESERVATION or RELEASE movement), naming the version it was
     * computed from; on hand stays as it is.
     *
     * @throws StaleVersionException if the level is no longer at {@code expectedVersion}
     */
    public static void reserve(ProjectionContext ctx, JournalEntry e, String movementId, String sku, String type,
                               long reservedDelta, long expectedVersion, String refId, String at) throws SQLException {
        PreparedStatement update = ctx.statement("UPDATE stock SET reserved = reserved + ?, version = version + 1,"
                + " seq = ? WHERE sku = ? AND version = ?");
        update.setLong(1, reservedDelta);
        update.setLong(2, e.seq());
        update.setString(3, sku);
        update.setLong(4, expectedVersion);
        if (update.executeUpdate() != 1) {
            throw new StaleVersionException(sku, expectedVersion);
        }
        insertMovement(ctx, e, movementId, sku, type, 0, reservedDelta, refId, at);
    }

    private static void insertMovement(ProjectionContext ctx, JournalEntry e, String id, String sku, String type,
                                       long delta, long reservedDelta, String refId, String at) throws SQLException {
        PreparedStatement insert = ctx.statement("INSERT INTO inventory_movements (id, seq, sku, type, qty_delta,"
                + " reserved_delta, ref_id, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        insert.setString(1, id);
        insert.setLong(2, e.seq());
        insert.setString(3, sku);
        insert.setString(4, type);
        insert.setLong(5, delta);
        insert.setLong(6, reservedDelta);
        insert.setString(7, refId);
        insert.setString(8, at);
        insert.executeUpdate();
    }

    /** A stable id for a row derived from an entry (the same on replay). */
    public static String derivedId(JournalEntry e, String discriminator) {
        return UUID.nameUUIDFromBytes((e.id() + "/" + discriminator).getBytes(StandardCharsets.UTF_8)).toString();
    }
}

package com.wkpos.edge.agent.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.journal.WriteCommand;
import com.wkpos.edge.agent.rule.Inputs;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Stock held for an order: a reservation promises units of a SKU without moving them, so on hand stays the
 * sum of the SKU's movements and what can still be promised (available) is on hand less what open
 * reservations hold. A reservation is one {@code stock.reserved} entry, its release one {@code stock.released}
 * (the whole remainder, once). Neither carries a {@code stock} array, which HQ would add to the branch's on
 * hand; they carry {@code reserved: [{sku, delta}]} instead. Nothing reserves more than is available.
 *
 * <p>An order taken elsewhere (e-commerce) reserves with {@link #reserve(JournalTransaction, String, String,
 * long, String, String, String)} and its fulfilment releases with {@link #release(JournalTransaction, String,
 * String, String)} in the transaction that books the sale, so the stock the sale takes away is never counted
 * as reserved as well.
 */
public final class StockReservations {
    static final String RESERVED = "stock.reserved";
    static final String RELEASED = "stock.released";

    /** A reservation as a screen asks for it; {@code id} (a UUID, optional) makes a retry safe. */
    public record Request(String id, String sku, Long qty, String reference, String note) {
    }

    /** A reservation as it stands: {@code openQty} is what it still holds (0 once released). */
    public record Reservation(String id, String sku, long qty, long openQty, String reference, String note,
                              String status, String reservedBy, String reservedAt, String releasedBy,
                              String releasedAt, String releaseReason) {
    }

    /** A reservation after a change, with its SKU's level. */
    public record Change(Reservation reservation, long onHand, long reserved, long available) {
    }

    private final Journal journal;
    private final Clock clock;

    public StockReservations(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    public static void register(Projections.Builder projections) {
        projections.on(RESERVED, StockReservations::projectReserved).on(RELEASED, StockReservations::projectReleased);
    }

    /**
     * Reserves {@code qty} of a SKU for staff at a screen.
     *
     * @throws Refused 400 bad input, 404 unknown SKU, 409 reservation-exists (the id was used) or
     *                 not-enough-stock (more than is available); nothing is journaled then
     */
    public Change reserve(Request r, StaffMember staff) {
        String sku = Inputs.text(r.sku(), "sku", 64, true);
        String reference = Inputs.text(r.reference(), "reference", 100, true);
        String note = Inputs.text(r.note(), "note", StockMoves.MAX_TEXT, false);
        if (r.qty() == null || r.qty() <= 0 || r.qty() > StockMoves.MAX_QTY) {
            throw Inputs.invalid("qty must be 1.." + StockMoves.MAX_QTY + ", was " + r.qty());
        }
        String id = r.id() == null ? UuidV7.nextString(clock) : Inputs.uuid(r.id(), "id");
        run(tx -> {
            reserve(tx, id, sku, r.qty(), reference, note, staff.actor());
            return null;
        });
        return change(id);
    }

    /**
     * Releases what a reservation still holds.
     *
     * @throws Refused 400 without a reason, 404 no such reservation, 409 released already
     */
    public Change release(String id, String reason, StaffMember staff) {
        String why = Inputs.text(reason, "reason", StockMoves.MAX_TEXT, true);
        run(tx -> release(tx, id, why, staff.actor()));
        return change(id);
    }

    /**
     * Reserves in the caller's transaction (an order reserving what it will ship). A refusal is thrown, so it
     * rolls back everything the caller's command did.
     *
     * @throws Refused 404 unknown SKU, 409 reservation-exists or not-enough-stock
     */
    public static void reserve(JournalTransaction tx, String id, String sku, long qty, String reference, String note,
                               String actor) throws SQLException {
        if (qty <= 0 || qty > StockMoves.MAX_QTY) {
            throw new IllegalArgumentException("qty must be 1.." + StockMoves.MAX_QTY + ", was " + qty);
        }
        if (find(tx, id).isPresent()) {
            throw new Refused(Refused.Kind.CONFLICT, "reservation-exists", "reservation " + id + " exists already");
        }
        Stock.Level level = Stock.level(tx, sku).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                "unknown-product", "no stock record for sku " + sku));
        if (qty > level.available()) {
            throw new Refused(Refused.Kind.CONFLICT, "not-enough-stock", sku + " has " + level.onHand()
                    + " on hand and " + level.reserved() + " reserved: " + Math.max(0, level.available())
                    + " available, " + qty + " asked");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reservationId", id);
        p.put("sku", sku);
        p.put("qty", qty);
        p.put("reference", reference);
        p.put("note", note);
        p.put("availableBefore", level.available());
        p.put("expectedVersion", level.version());
        p.put("reserved", List.of(Map.of("sku", sku, "delta", qty)));
        p.put("actor", actor);
        p.put("at", tx.clock().instant().toString());
        tx.append(RESERVED, p);
    }

    /**
     * Releases what a reservation still holds, in the caller's transaction: a fulfilment releases its
     * reservation in the transaction that books its sale. A refusal rolls back the caller's command.
     *
     * @return the quantity released
     * @throws Refused 404 no such reservation, 409 released already
     */
    public static long release(JournalTransaction tx, String id, String reason, String actor) throws SQLException {
        Reservation r = find(tx, id).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "unknown-reservation",
                "no reservation with id " + id));
        if (!r.status().equals("OPEN")) {
            throw new Refused(Refused.Kind.CONFLICT, "reservation-released", "reservation " + id + " was released "
                    + r.releasedAt() + " by " + r.releasedBy());
        }
        Stock.Level level = Stock.level(tx, r.sku()).orElseThrow(() -> new IllegalStateException(
                "reservation " + id + " holds " + r.sku() + ", which has no stock row"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("reservationId", id);
        p.put("sku", r.sku());
        p.put("qty", r.openQty());
        p.put("reason", reason);
        p.put("expectedVersion", level.version());
        p.put("reserved", List.of(Map.of("sku", r.sku(), "delta", -r.openQty())));
        p.put("actor", actor);
        p.put("at", tx.clock().instant().toString());
        tx.append(RELEASED, p);
        return r.openQty();
    }

    public Optional<Reservation> find(String id) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                return one(ps);
            }
        });
    }

    /** Reservations newest first, of one SKU ({@code sku} null: all), only the open ones if asked. */
    public List<Reservation> list(String sku, boolean openOnly, int limit) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE (? IS NULL OR sku = ?)"
                    + (openOnly ? " AND status = 'OPEN'" : "") + " ORDER BY reserved_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, sku);
                ps.setString(2, sku);
                ps.setInt(3, limit);
                List<Reservation> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    private void run(WriteCommand<?> command) {
        try {
            journal.submit(command).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private Change change(String id) {
        Reservation r = find(id).orElseThrow();
        Stock.Level level = Stock.level(journal, r.sku()).orElseThrow();
        return new Change(r, level.onHand(), level.reserved(), level.available());
    }

    private static final String SELECT = "SELECT id, sku, qty, open_qty, reference, note, status, reserved_by,"
            + " reserved_at, released_by, released_at, release_reason FROM stock_reservations";

    private static Optional<Reservation> find(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement(SELECT + " WHERE id = ?");
        ps.setString(1, id);
        return one(ps);
    }

    private static Optional<Reservation> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Reservation row(ResultSet rs) throws SQLException {
        return new Reservation(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12));
    }

    private static void projectReserved(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("reservationId").asText();
        String sku = p.required("sku").asText();
        long qty = p.required("qty").asLong();
        String at = p.required("at").asText();
        String actor = p.required("actor").asText();
        Stock.reserve(ctx, e, Stock.derivedId(e, "reserved:" + id), sku, "RESERVATION", qty,
                p.required("expectedVersion").asLong(), id, at);
        PreparedStatement insert = ctx.statement("INSERT INTO stock_reservations (id, seq, sku, qty, open_qty,"
                + " reference, note, status, reserved_by, reserved_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)");
        insert.setString(1, id);
        insert.setLong(2, e.seq());
        insert.setString(3, sku);
        insert.setLong(4, qty);
        insert.setLong(5, qty);
        insert.setString(6, p.required("reference").asText());
        insert.setString(7, p.path("note").asText(null));
        insert.setString(8, actor);
        insert.setString(9, at);
        insert.executeUpdate();
        Audit.record(ctx, e, at, actor, "stock.reservation", "reservation:" + id, "sku=" + sku + " qty=" + qty
                + " reference=" + p.required("reference").asText());
    }

    private static void projectReleased(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("reservationId").asText();
        String sku = p.required("sku").asText();
        long qty = p.required("qty").asLong();
        String at = p.required("at").asText();
        String actor = p.required("actor").asText();
        PreparedStatement update = ctx.statement("UPDATE stock_reservations SET open_qty = 0, status = 'RELEASED',"
                + " seq = ?, released_by = ?, released_at = ?, release_reason = ? WHERE id = ? AND status = 'OPEN'"
                + " AND open_qty = ?");
        update.setLong(1, e.seq());
        update.setString(2, actor);
        update.setString(3, at);
        update.setString(4, p.required("reason").asText());
        update.setString(5, id);
        update.setLong(6, qty);
        if (update.executeUpdate() != 1) {
            throw new Refused(Refused.Kind.CONFLICT, "reservation-released", "reservation " + id
                    + " is not open with " + qty + " held");
        }
        Stock.reserve(ctx, e, Stock.derivedId(e, "released:" + id), sku, "RELEASE", -qty,
                p.required("expectedVersion").asLong(), id, at);
        Audit.record(ctx, e, at, actor, "stock.release", "reservation:" + id, "sku=" + sku + " qty=" + qty
                + " reason=" + p.required("reason").asText());
    }
}

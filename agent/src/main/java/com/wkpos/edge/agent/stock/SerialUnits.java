package com.wkpos.edge.agent.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.rule.Refused;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Serialized items: each unit of such a SKU is known by its serial number from the delivery that brought
 * it in (RECEIVED) to the sale line that sold it (SOLD), a return (RETURNED, in stock again) or a
 * write-off (WRITTEN_OFF). The checks run in the write transaction of the entry that moves the units, and
 * the same entry's projection records them, so a serial is never sold twice nor sold while unknown.
 */
public final class SerialUnits {
    public static final int MAX_LENGTH = 64;
    private static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._/-]{0," + (MAX_LENGTH - 1) + "}";

    /** What happened to a unit. */
    public enum Kind { RECEIVED, SOLD, RETURNED, WRITTEN_OFF }

    private SerialUnits() {
    }

    public static void register(Projections.Builder projections) {
        projections.table("serial_units", "sku, serial", "seq").table("serial_moves", "id", "seq");
    }

    /**
     * The serial numbers a screen sent for {@code qty} units of {@code sku}: one each, well-formed, none twice.
     *
     * @throws Refused 422 serials-required when the count does not match, 400 for a malformed or repeated one
     */
    public static List<String> clean(List<String> serials, long qty, String sku) {
        if (serials == null || serials.size() != qty) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "serials-required", sku + " is a serialized item: give one"
                    + " serial number per unit (" + qty + "), " + (serials == null ? "none" : serials.size()) + " given");
        }
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String s : serials) {
            // as sent, never trimmed: what is checked is exactly what is journaled
            String v = s == null ? "" : s;
            if (!v.matches(PATTERN)) {
                throw new Refused(Refused.Kind.INVALID, "invalid-field", "serial number '" + s + "' of " + sku
                        + " must be 1.." + MAX_LENGTH + " letters, digits, '.', '_', '/' or '-'");
            }
            if (!seen.add(v)) {
                throw new Refused(Refused.Kind.INVALID, "invalid-field", "serial number " + v + " of " + sku
                        + " appears twice");
            }
            out.add(v);
        }
        return out;
    }

    /** Refuses serial numbers sent for a SKU that is not serialized. */
    public static void requireNone(List<String> serials, String sku) {
        if (serials != null && !serials.isEmpty()) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", sku + " is not a serialized item; send no serials");
        }
    }

    /**
     * Units that may come in: new here, or written off once and found again. One in stock is here already,
     * and one sold comes back only through a refund of its sale (which knows the sale it left on).
     */
    public static void requireReceivable(ProjectionContext ctx, String sku, List<String> serials) throws SQLException {
        for (String serial : serials) {
            String status = status(ctx, sku, serial);
            if ("IN_STOCK".equals(status)) {
                throw new Refused(Refused.Kind.CONFLICT, "serial-in-stock", sku + " serial " + serial
                        + " is in stock already");
            }
            if ("SOLD".equals(status)) {
                throw new Refused(Refused.Kind.CONFLICT, "serial-sold", sku + " serial " + serial
                        + " is sold; take it back with a refund of its sale");
            }
        }
    }

    /** Units that may leave (sold or written off): every one is here, in stock. */
    public static void requireInStock(ProjectionContext ctx, String sku, List<String> serials) throws SQLException {
        for (String serial : serials) {
            String status = status(ctx, sku, serial);
            if (status == null) {
                throw new Refused(Refused.Kind.CONFLICT, "unknown-serial", sku + " serial " + serial
                        + " was never received at this branch");
            }
            if (!status.equals("IN_STOCK")) {
                throw new Refused(Refused.Kind.CONFLICT, status.equals("SOLD") ? "serial-sold" : "serial-written-off",
                        sku + " serial " + serial + " is " + status.toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
    }

    /**
     * The units each line of a sale sold that are still sold by it (not returned since), by line number, in
     * the order they were rung.
     */
    public static Map<Integer, List<String>> returnable(ProjectionContext ctx, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT m.line_no, m.serial FROM serial_moves m JOIN serial_units u"
                + " ON u.sku = m.sku AND u.serial = m.serial WHERE m.sale_id = ? AND m.kind = 'SOLD'"
                + " AND u.status = 'SOLD' AND u.ref_id = ? ORDER BY m.seq, m.rowid");
        ps.setString(1, saleId);
        ps.setString(2, "sale:" + saleId);
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /** The units each line of a sale sold, by line number (returns included). */
    public static Map<Integer, List<String>> sold(ProjectionContext ctx, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT line_no, serial FROM serial_moves WHERE sale_id = ?"
                + " AND kind = 'SOLD' ORDER BY seq, rowid");
        ps.setString(1, saleId);
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /**
     * Records what an entry did to its units.
     *
     * @param ref    what moved them ({@code sale:…}, {@code refund:…}, {@code stock:…})
     * @param saleId the sale they were sold on or returned from; null otherwise
     */
    public static void record(ProjectionContext ctx, JournalEntry e, String sku, JsonNode serials, Kind kind, String ref,
                              String saleId, Integer lineNo) throws SQLException {
        String status = switch (kind) {
            case RECEIVED, RETURNED -> "IN_STOCK";
            case SOLD -> "SOLD";
            case WRITTEN_OFF -> "WRITTEN_OFF";
        };
        for (JsonNode node : serials) {
            String serial = node.asText();
            PreparedStatement unit = ctx.statement("INSERT INTO serial_units (sku, serial, status, ref_id, seq)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sku, serial) DO UPDATE SET status = excluded.status,"
                    + " ref_id = excluded.ref_id, seq = excluded.seq");
            unit.setString(1, sku);
            unit.setString(2, serial);
            unit.setString(3, status);
            unit.setString(4, ref);
            unit.setLong(5, e.seq());
            unit.executeUpdate();
            PreparedStatement move = ctx.statement("INSERT INTO serial_moves (id, sku, serial, kind, ref_id, sale_id,"
                    + " line_no, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            move.setString(1, UUID.nameUUIDFromBytes((e.id() + "/" + sku + "/" + serial + "/" + kind)
                    .getBytes(StandardCharsets.UTF_8)).toString());
            move.setString(2, sku);
            move.setString(3, serial);
            move.setString(4, kind.name());
            move.setString(5, ref);
            move.setString(6, saleId);
            move.setObject(7, lineNo);
            move.setLong(8, e.seq());
            move.executeUpdate();
        }
    }

    private static String status(ProjectionContext ctx, String sku, String serial) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT status FROM serial_units WHERE sku = ? AND serial = ?");
        ps.setString(1, sku);
        ps.setString(2, serial);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

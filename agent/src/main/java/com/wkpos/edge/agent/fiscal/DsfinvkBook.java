package com.wkpos.edge.agent.fiscal;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.protocol.HybridLogicalClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the export of a period holds, read from the journal's tables in one snapshot: the transactions of
 * the period (by their business date in the branch's time zone), the Z reports of the period and those that
 * closed one of its transactions, and for each of those Zs every transaction it closed (its totals cover
 * them all, even one that falls outside the period).
 * Sales and refunds come with their lines and payments; every other fiscal document (float, cash in and
 * out, transit to the safe, gift card sold, drawer opened) with the amounts its signed process data holds.
 */
final class DsfinvkBook {
    /** A Z report: it closed the journal entries {@code fromSeq..seq} (its own entry included). */
    record Closing(long zNo, long seq, long fromSeq, String businessDate, Instant createdAt) {
        boolean closes(long entrySeq) {
            return entrySeq >= fromSeq && entrySeq <= seq;
        }
    }

    final String deviceId;
    final String currency;
    final DsfinvkVatKeys keys = new DsfinvkVatKeys();
    final List<Closing> allClosings;
    final List<Closing> closings;
    final List<DsfinvkBon> bons;
    final Map<Long, List<DsfinvkBon>> closed = new HashMap<>();

    private DsfinvkBook(Connection c, LocalDate from, LocalDate to, ZoneId zone) throws SQLException {
        deviceId = text(c, "SELECT id FROM device").orElseThrow(() -> new IllegalStateException(
                "the journal has no device identity yet; nothing was ever booked"));
        currency = text(c, "SELECT currency FROM sales ORDER BY seq DESC LIMIT 1").orElse("EUR");
        allClosings = closings(c);
        DsfinvkReader reader = new DsfinvkReader(c, keys, currency, staffNames(c));
        Map<String, DsfinvkBon> loaded = new LinkedHashMap<>();
        load(reader, loaded, from.minusDays(1).toString(), to.plusDays(1).toString(), Long.MAX_VALUE, -1);
        bons = loaded.values().stream().filter(b -> within(LocalDate.ofInstant(b.at(), zone), from, to))
                .sorted(Comparator.comparingLong(DsfinvkBon::seq)).toList();
        Set<Long> zs = new TreeSet<>();
        allClosings.stream().filter(z -> within(LocalDate.parse(z.businessDate()), from, to))
                .forEach(z -> zs.add(z.zNo()));
        bons.forEach(b -> closingOf(b.seq()).ifPresent(z -> zs.add(z.zNo())));
        closings = allClosings.stream().filter(z -> zs.contains(z.zNo())).toList();
        if (!closings.isEmpty()) {
            load(reader, loaded, "9", "0", closings.getFirst().fromSeq(), closings.getLast().seq());
        }
        for (Closing z : closings) {
            closed.put(z.zNo(), loaded.values().stream().filter(b -> z.closes(b.seq()))
                    .sorted(Comparator.comparingLong(DsfinvkBon::seq)).toList());
        }
    }

    /**
     * Adds the sales and refunds of UTC dates {@code from..to} or journal entries {@code lo..hi}, and every
     * other fiscal document (a few a day); what is there already stays.
     */
    private static void load(DsfinvkReader reader, Map<String, DsfinvkBon> into, String from, String to, long lo, long hi)
            throws SQLException {
        List<DsfinvkBon> found = new ArrayList<>(reader.sales(from, to, lo, hi));
        found.addAll(reader.refunds(from, to, lo, hi));
        found.addAll(reader.others());
        found.forEach(b -> into.putIfAbsent(b.id(), b));
    }

    static DsfinvkBook read(Connection c, LocalDate from, LocalDate to, ZoneId zone) throws SQLException {
        return new DsfinvkBook(c, from, to, zone);
    }

    /** The Z that closed a journal entry; empty while no Z has. */
    Optional<Closing> closingOf(long entrySeq) {
        return allClosings.stream().filter(z -> z.closes(entrySeq)).findFirst();
    }

    private static boolean within(LocalDate d, LocalDate from, LocalDate to) {
        return !d.isBefore(from) && !d.isAfter(to);
    }

    private static List<Closing> closings(Connection c) throws SQLException {
        List<Closing> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT z_no, seq, from_seq, business_date, created_at"
                + " FROM z_reports ORDER BY z_no"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Closing(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        Instant.parse(rs.getString(5))));
            }
        }
        return out;
    }

    /** Staff names as the sales recorded them (the staff file is not in the journal). */
    private static Map<String, String> staffNames(Connection c) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT staff_id, cashier FROM sales WHERE staff_id IS NOT NULL"
                + " AND cashier IS NOT NULL ORDER BY seq"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    static Optional<String> text(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    /** A journal entry's time: its {@code at} (or {@code occurredAt}), else its hybrid logical clock. */
    static Instant at(JsonNode payload, long hlc) {
        for (String field : List.of("at", "occurredAt")) {
            if (payload.path(field).isTextual()) {
                return Instant.parse(payload.get(field).asText());
            }
        }
        return Instant.ofEpochMilli(HybridLogicalClock.millis(hlc));
    }

    static JsonNode payload(String json) {
        return CanonicalJson.read(json);
    }
}

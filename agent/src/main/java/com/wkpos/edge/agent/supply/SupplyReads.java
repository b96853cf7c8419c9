package com.wkpos.edge.agent.supply;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.shift.ReadContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the supply documents' reads share (transfers, purchase orders, online orders): one document by id,
 * and lists with a status filter checked, their ids in order, each read as the document.
 */
final class SupplyReads {
    /** Reads one document as screens see it; empty when there is none. */
    @FunctionalInterface
    interface Reader<V> {
        Optional<V> read(ProjectionContext ctx, String id) throws SQLException;
    }

    private SupplyReads() {
    }

    static <V> Optional<V> find(Journal journal, Reader<V> reader, String id) {
        return journal.read(c -> {
            try (ReadContext ctx = new ReadContext(c)) {
                return reader.read(ctx, id);
            }
        });
    }

    /** The documents of {@code table} in {@code order}, of one status (null: all; checked first), at most {@code limit}. */
    static <E extends Enum<E>, V> List<V> list(Journal journal, Class<E> statuses,
                                              String table, String order, String status, int limit, Reader<V> reader) {
        requireStatus(statuses, status);
        return journal.read(c -> {
            List<V> out = new ArrayList<>();
            try (ReadContext ctx = new ReadContext(c)) {
                for (String id : ids(c, table, order, status, limit)) {
                    reader.read(ctx, id).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** @throws Refused 400 invalid-parameter when {@code raw} (null: no filter) is none of the statuses */
    static <E extends Enum<E>> void requireStatus(Class<E> statuses, String raw) {
        if (raw == null) {
            return;
        }
        try {
            Enum.valueOf(statuses, raw);
        } catch (IllegalArgumentException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-parameter", "status must be one of "
                    + List.of(statuses.getEnumConstants()) + ", was '" + raw + "'");
        }
    }

    /** The ids of {@code table}'s documents in {@code order}, of one status (null: all), at most {@code limit}. */
    static List<String> ids(Connection c, String table, String order, String status, int limit) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + (status == null ? ""
                : " WHERE status = ?") + " ORDER BY " + order + " LIMIT ?")) {
            int i = 1;
            if (status != null) {
                ps.setString(i++, status);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }
}

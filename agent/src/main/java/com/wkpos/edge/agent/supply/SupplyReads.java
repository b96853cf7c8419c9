package com.wkpos.edge.agent.supply;

import com.wkpos.edge.agent.rule.Refused;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What the transfer and purchase-order lists share: a status filter checked, then their ids in order. */
final class SupplyReads {
    private SupplyReads() {
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

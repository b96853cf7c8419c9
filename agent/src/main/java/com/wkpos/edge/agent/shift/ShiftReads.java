package com.wkpos.edge.agent.shift;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads shifts back, with the cash their drawer should hold. */
final class ShiftReads {
    private static final String SELECT = "SELECT s.id, s.staff_id, s.status, s.opening_float,"
            + " COALESCE(s.expected, (SELECT COALESCE(SUM(amount), 0) FROM drawer_moves m WHERE m.shift_id = s.id)),"
            + " s.counted, s.variance, s.opened_at, s.closed_at, s.z_no FROM shifts s";

    private ShiftReads() {
    }

    static Optional<Shifts.View> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE s.id = ?")) {
            ps.setString(1, id);
            List<Shifts.View> views = views(ps);
            return views.stream().findFirst();
        }
    }

    static List<Shifts.View> open(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE s.status = 'OPEN' ORDER BY s.opened_seq")) {
            return views(ps);
        }
    }

    private static List<Shifts.View> views(PreparedStatement ps) throws SQLException {
        List<Shifts.View> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Shifts.View(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        nullableLong(rs, 6), nullableLong(rs, 7), rs.getString(8),
                        rs.getString(9), nullableLong(rs, 10)));
            }
        }
        return out;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}

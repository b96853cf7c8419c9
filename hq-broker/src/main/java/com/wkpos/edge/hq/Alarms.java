package com.wkpos.edge.hq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HQ's alarm list: things an operator must look at (conflicting entries, a moved device, a broken chain). */
final class Alarms {
    private Alarms() {
    }

    static void raise(Connection c, String at, String kind, String tenant, String branch, String device, long seq,
                      String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_alarms (at, kind, tenant, branch, device_id, seq,"
                + " detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, at);
            ps.setString(2, kind);
            ps.setString(3, tenant);
            ps.setString(4, branch);
            ps.setString(5, device);
            ps.setLong(6, seq);
            ps.setString(7, detail);
            ps.executeUpdate();
        }
    }

    static List<Map<String, Object>> list(Connection c, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT at, kind, tenant, branch, device_id, seq, detail"
                + " FROM hq_alarms ORDER BY at DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("at", rs.getString(1));
                    a.put("kind", rs.getString(2));
                    a.put("tenant", rs.getString(3));
                    a.put("branch", rs.getString(4));
                    a.put("device", rs.getString(5));
                    a.put("seq", rs.getLong(6));
                    a.put("detail", rs.getString(7));
                    out.add(a);
                }
            }
        }
        return out;
    }
}

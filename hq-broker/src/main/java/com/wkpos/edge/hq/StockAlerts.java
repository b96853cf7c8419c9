package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The boxes' {@code stock.low} entries: a SKU a sale, write-off or shipment took down to its reorder level at
 * a branch, kept as that branch counted it (HQ knows no opening stock), newest first for the operator.
 */
final class StockAlerts {
    static final String LOW = "stock.low";

    private StockAlerts() {
    }

    /** Stores one alert; a malformed one is alarmed and skipped so ingest goes on. */
    static void project(Connection c, String now, String tenant, String branch, String device, long seq, JsonNode p)
            throws SQLException {
        if (p == null || !p.path("sku").isTextual() || !p.path("onHand").canConvertToLong()
                || !p.path("reorderLevel").canConvertToLong()) {
            Alarms.raise(c, now, "stock-alert-malformed", tenant, branch, device, seq, "stock.low without sku, onHand"
                    + " or reorderLevel");
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_stock_alerts (device_id, seq, tenant, branch, sku,"
                + " on_hand, reorder_level, cause, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (device_id, seq) DO NOTHING")) {
            ps.setString(1, device);
            ps.setLong(2, seq);
            ps.setString(3, tenant);
            ps.setString(4, branch);
            ps.setString(5, p.get("sku").asText());
            ps.setLong(6, p.get("onHand").asLong());
            ps.setLong(7, p.get("reorderLevel").asLong());
            ps.setString(8, p.path("cause").asText(null));
            ps.setString(9, p.path("at").asText(now));
            ps.executeUpdate();
        }
    }

    static List<Map<String, Object>> list(Connection c, String tenant, String branch, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT branch, sku, on_hand, reorder_level, cause, at"
                + " FROM hq_stock_alerts WHERE tenant = ? AND (? IS NULL OR branch = ?) ORDER BY at DESC, seq DESC"
                + " LIMIT ?")) {
            ps.setString(1, tenant);
            ps.setString(2, branch);
            ps.setString(3, branch);
            ps.setInt(4, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("branch", rs.getString(1));
                    row.put("sku", rs.getString(2));
                    row.put("onHand", rs.getLong(3));
                    row.put("reorderLevel", rs.getLong(4));
                    row.put("cause", rs.getString(5));
                    row.put("at", rs.getString(6));
                    out.add(row);
                }
            }
        }
        return out;
    }
}

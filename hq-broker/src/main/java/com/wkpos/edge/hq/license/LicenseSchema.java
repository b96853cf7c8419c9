package com.wkpos.edge.hq.license;

import com.wkpos.edge.hq.Sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The authority's tables, in SQL that SQLite and PostgreSQL both take (BIGINT epoch seconds, VARCHAR,
 * composite keys, {@code ON CONFLICT}). Created if missing; the HQ service's own migrations may take
 * them over later.
 */
final class LicenseSchema {
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS license_serial (serial VARCHAR(20) PRIMARY KEY, plan VARCHAR(40) NOT NULL,"
                    + " modules VARCHAR(800) NOT NULL, max_devices INTEGER NOT NULL, valid_days INTEGER NOT NULL,"
                    + " offline_days INTEGER NOT NULL, status VARCHAR(16) NOT NULL, tenant_id VARCHAR(128),"
                    + " created_at BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS license_tenant (tenant_id VARCHAR(128) PRIMARY KEY,"
                    + " serial VARCHAR(20) NOT NULL UNIQUE, license_id VARCHAR(64) NOT NULL, plan VARCHAR(40) NOT NULL,"
                    + " modules VARCHAR(800) NOT NULL, max_devices INTEGER NOT NULL, offline_days INTEGER NOT NULL,"
                    + " not_before BIGINT NOT NULL, expires_at BIGINT NOT NULL, status VARCHAR(16) NOT NULL,"
                    + " seq BIGINT NOT NULL, created_at BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS license_device (tenant_id VARCHAR(128) NOT NULL, thumbprint VARCHAR(43) NOT NULL,"
                    + " status VARCHAR(16) NOT NULL, token TEXT, activated_at BIGINT NOT NULL, last_seen BIGINT NOT NULL,"
                    + " PRIMARY KEY (tenant_id, thumbprint))");

    private LicenseSchema() {
    }

    static void create(DataSource db) {
        Sql.tx(db, c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            return null;
        });
    }

    static Optional<Map<String, Object>> tenantView(Connection c, String tenant) throws SQLException {
        Map<String, Object> t = new LinkedHashMap<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT tenant_id, serial, license_id, plan, modules, max_devices,"
                + " offline_days, expires_at, status, seq FROM license_tenant WHERE tenant_id = ?", tenant);
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            t.put("tenant", rs.getString(1));
            t.put("serial", rs.getString(2));
            t.put("licenseId", rs.getString(3));
            t.put("plan", rs.getString(4));
            t.put("modules", Plan.modules(rs.getString(5)));
            t.put("maxDevices", rs.getInt(6));
            t.put("offlineDays", rs.getInt(7));
            t.put("expires", Instant.ofEpochSecond(rs.getLong(8)).toString());
            t.put("status", rs.getString(9));
            t.put("seq", rs.getLong(10));
        }
        List<Map<String, Object>> devices = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT thumbprint, status, activated_at, last_seen FROM license_device"
                + " WHERE tenant_id = ? ORDER BY activated_at, thumbprint", tenant); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                devices.add(Map.of("device", rs.getString(1), "status", rs.getString(2),
                        "activated", Instant.ofEpochSecond(rs.getLong(3)).toString(),
                        "lastSeen", Instant.ofEpochSecond(rs.getLong(4)).toString()));
            }
        }
        t.put("devices", devices);
        return Optional.of(t);
    }
}

package com.wkpos.edge.hq.enroll;

import com.wkpos.edge.hq.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The enrollment tables, in SQL that SQLite and PostgreSQL both take. Tokens are kept only as their
 * SHA-256 (a copy of the database cannot enroll a box); a token is spent by a conditional UPDATE, so
 * two boxes racing with one token get one certificate between them.
 */
final class EnrollStore {
    private static final List<String> DDL = List.of(
            "CREATE TABLE IF NOT EXISTS enroll_token (token_sha256 VARCHAR(64) PRIMARY KEY, tenant VARCHAR(64) NOT NULL,"
                    + " branch VARCHAR(64) NOT NULL, device_name VARCHAR(128) NOT NULL UNIQUE, expires_at BIGINT NOT NULL,"
                    + " created_at BIGINT NOT NULL, used_at BIGINT)",
            "CREATE TABLE IF NOT EXISTS enroll_certificate (serial VARCHAR(64) PRIMARY KEY,"
                    + " device_name VARCHAR(128) NOT NULL, tenant VARCHAR(64) NOT NULL, branch VARCHAR(64) NOT NULL,"
                    + " issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, revoked_at BIGINT)",
            "CREATE TABLE IF NOT EXISTS enroll_crl (id INTEGER PRIMARY KEY, number BIGINT NOT NULL)");

    /** A token's row. */
    record Token(String tenant, String branch, String deviceName, long expiresAt, Long usedAt) {
    }

    /** An issued certificate's row. */
    record Issued(String serialHex, String deviceName, String tenant, String branch, long issuedAt, long expiresAt,
                  Long revokedAt) {
    }

    private final DataSource db;

    EnrollStore(DataSource db) {
        this.db = db;
        tx(c -> {
            try (Statement s = c.createStatement()) {
                for (String ddl : DDL) {
                    s.execute(ddl);
                }
            }
            update(c, "INSERT INTO enroll_crl (id, number) VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
            return null;
        });
    }

    <T> T tx(Sql.Work<T> work) {
        return Sql.tx(db, work);
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        return Sql.update(c, sql, params);
    }

    static Optional<Token> token(Connection c, String sha256) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, "SELECT tenant, branch, device_name, expires_at, used_at FROM enroll_token"
                + " WHERE token_sha256 = ?", sha256); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long used = rs.getLong(5);
            Long usedAt = rs.wasNull() ? null : used;
            return Optional.of(new Token(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), usedAt));
        }
    }

    static List<Issued> certificates(Connection c, String where, Object... params) throws SQLException {
        List<Issued> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT serial, device_name, tenant, branch, issued_at, expires_at,"
                + " revoked_at FROM enroll_certificate " + where + " ORDER BY issued_at, serial", params);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long revoked = rs.getLong(7);
                Long revokedAt = rs.wasNull() ? null : revoked;
                out.add(new Issued(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), revokedAt));
            }
        }
        return out;
    }

    static long nextCrlNumber(Connection c) throws SQLException {
        update(c, "UPDATE enroll_crl SET number = number + 1 WHERE id = 1");
        return Sql.number(c, "SELECT number FROM enroll_crl WHERE id = 1");
    }

    static Map<String, Object> view(Issued i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", i.deviceName());
        m.put("tenant", i.tenant());
        m.put("branch", i.branch());
        m.put("serial", i.serialHex());
        m.put("issued", java.time.Instant.ofEpochSecond(i.issuedAt()).toString());
        m.put("expires", java.time.Instant.ofEpochSecond(i.expiresAt()).toString());
        m.put("revoked", i.revokedAt() == null ? null : java.time.Instant.ofEpochSecond(i.revokedAt()).toString());
        return m;
    }
}

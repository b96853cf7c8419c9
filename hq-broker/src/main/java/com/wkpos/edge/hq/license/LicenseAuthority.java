package com.wkpos.edge.hq.license;

import com.wkpos.edge.hq.Sql;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.LicenseToken;
import com.wkpos.edge.provisioning.license.RenewalReply;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import com.wkpos.edge.provisioning.license.SerialKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.tinylog.Logger;

/**
 * HQ's license authority over JDBC (SQLite or PostgreSQL, one dialect): mints serial keys, registers
 * tenants with them, activates devices against the device limit, deactivates, suspends, resumes,
 * revokes, and answers heartbeat renewals with a signed reply. Every operation is one transaction;
 * the ones that count or claim (register, activate) first UPDATE the row they depend on, which takes
 * its write lock in both databases, so two concurrent activations can never both take the last seat.
 * Thread-safe.
 */
public final class LicenseAuthority {
    private final DataSource db;
    private final Ed25519Key key;
    private final String issuer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LicenseAuthority(DataSource db, Ed25519Key signingKey, String issuer, Clock clock) {
        if (!signingKey.canSign()) {
            throw new IllegalArgumentException("the license authority needs a private signing key");
        }
        this.db = db;
        this.key = signingKey;
        this.issuer = issuer;
        this.clock = clock;
        LicenseSchema.create(db);
    }

    /** The keys boxes pin to verify what this authority signs. */
    public KeySet publicKeys() {
        return KeySet.of(key);
    }

    public String mintSerial(Plan plan) {
        String serial = SerialKey.generate(random);
        Sql.tx(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO license_serial (serial, plan, modules,"
                    + " max_devices, valid_days, offline_days, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'ISSUED', ?)")) {
                ps.setString(1, serial);
                ps.setString(2, plan.tier());
                ps.setString(3, plan.modulesText());
                ps.setInt(4, plan.maxDevices());
                ps.setInt(5, plan.validDays());
                ps.setInt(6, plan.offlineDays());
                ps.setLong(7, clock.instant().getEpochSecond());
                ps.executeUpdate();
            }
            return null;
        });
        Logger.info("license: minted serial {} ({} x{})", serial, plan.tier(), plan.maxDevices());
        return serial;
    }

    /** Registers {@code tenant} with an issued, unused serial; answers the tenant license (no device yet). */
    public Outcome registerTenant(String typedSerial, String tenant) {
        String serial = SerialKey.normalize(typedSerial);
        if (!SerialKey.isValid(serial)) {
            return new Refused(Refused.Reason.INVALID_SERIAL, "'" + typedSerial + "' is not a valid WKP-XXXX-XXXX-XXXX serial");
        }
        if (tenant == null || !tenant.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")) {
            return new Refused(Refused.Reason.INVALID_REQUEST, "tenant must be 1-128 characters of [A-Za-z0-9._:-]");
        }
        return Sql.tx(db, c -> {
            if (Sql.update(c, "UPDATE license_serial SET status = 'USED', tenant_id = ? WHERE serial = ? AND status = 'ISSUED'",
                    tenant, serial) == 0) {
                Optional<String> status = Sql.string(c, "SELECT status FROM license_serial WHERE serial = ?", serial);
                return status.isEmpty() ? new Refused(Refused.Reason.UNKNOWN_SERIAL, "no serial " + serial)
                        : new Refused(status.get().equals("REVOKED") ? Refused.Reason.SERIAL_REVOKED
                        : Refused.Reason.SERIAL_USED, "serial " + serial + " is " + status.get().toLowerCase());
            }
            if (Sql.string(c, "SELECT tenant_id FROM license_tenant WHERE tenant_id = ?", tenant).isPresent()) {
                c.rollback();
                return new Refused(Refused.Reason.TENANT_EXISTS, "tenant " + tenant + " is already registered");
            }
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO license_tenant (tenant_id, serial, license_id, plan,"
                    + " modules, max_devices, offline_days, not_before, expires_at, status, seq, created_at)"
                    + " SELECT ?, serial, ?, plan, modules, max_devices, offline_days, ?, ? + valid_days * 86400, 'ACTIVE', 1, ?"
                    + " FROM license_serial WHERE serial = ?")) {
                ps.setString(1, tenant);
                ps.setString(2, "lic-" + UUID.randomUUID());
                ps.setLong(3, now.getEpochSecond());
                ps.setLong(4, now.getEpochSecond());
                ps.setLong(5, now.getEpochSecond());
                ps.setString(6, serial);
                ps.executeUpdate();
            }
            LicenseClaims claims = claims(c, tenant, 1, Optional.empty());
            Logger.info("license: tenant {} registered with serial {}", tenant, serial);
            return new Outcome.Issued(LicenseToken.issue(claims, key), claims);
        });
    }

    /** Activates a device (its key thumbprint) for a tenant against the device limit; idempotent. */
    public Outcome activate(String tenant, String device) {
        if (device == null || !device.matches("[A-Za-z0-9_-]{43}")) {
            return new Refused(Refused.Reason.INVALID_REQUEST, "device must be a key thumbprint (43 base64url characters)");
        }
        return Sql.tx(db, c -> {
            Refused standing = claimTenantRow(c, tenant);
            if (standing != null) {
                return standing;
            }
            Optional<String> current = Sql.string(c, "SELECT status FROM license_device WHERE tenant_id = ? AND thumbprint = ?",
                    tenant, device);
            long active = Sql.number(c, "SELECT COUNT(*) FROM license_device WHERE tenant_id = ? AND status = 'ACTIVE'", tenant);
            long max = Sql.number(c, "SELECT max_devices FROM license_tenant WHERE tenant_id = ?", tenant);
            if (!current.equals(Optional.of("ACTIVE")) && active >= max) {
                c.rollback();
                return new Refused(Refused.Reason.DEVICE_LIMIT_REACHED, "tenant " + tenant + " has all " + max
                        + " device(s) active; deactivate one first");
            }
            long seq = Sql.number(c, "SELECT seq FROM license_tenant WHERE tenant_id = ?", tenant);
            LicenseClaims claims = claims(c, tenant, seq, Optional.of(device));
            String token = LicenseToken.issue(claims, key);
            Instant now = clock.instant();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO license_device (tenant_id, thumbprint, status, token,"
                    + " activated_at, last_seen) VALUES (?, ?, 'ACTIVE', ?, ?, ?) ON CONFLICT (tenant_id, thumbprint) DO UPDATE"
                    + " SET status = 'ACTIVE', token = excluded.token, activated_at = excluded.activated_at")) {
                ps.setString(1, tenant);
                ps.setString(2, device);
                ps.setString(3, token);
                ps.setLong(4, now.getEpochSecond());
                ps.setLong(5, now.getEpochSecond());
                ps.executeUpdate();
            }
            Logger.info("license: device {} activated for {} ({}/{})", device, tenant, active + (current.isPresent()
                    && current.get().equals("ACTIVE") ? 0 : 1), max);
            return new Outcome.Issued(token, claims);
        });
    }

    /** Frees the device's seat; its next heartbeat is answered DEACTIVATED and the box locks. */
    public Outcome deactivate(String tenant, String device) {
        return Sql.tx(db, c -> Sql.update(c, "UPDATE license_device SET status = 'DEACTIVATED', token = NULL"
                + " WHERE tenant_id = ? AND thumbprint = ? AND status = 'ACTIVE'", tenant, device) == 1
                ? new Outcome.Done("device " + device + " deactivated")
                : new Refused(Refused.Reason.UNKNOWN_DEVICE, "no active device " + device + " for tenant " + tenant));
    }

    public Outcome suspend(String tenant) {
        return setStanding(tenant, "SUSPENDED", "ACTIVE");
    }

    public Outcome resume(String tenant) {
        return setStanding(tenant, "ACTIVE", "SUSPENDED");
    }

    /** Final: a revoked tenant's boxes lock at their next heartbeat (or when their offline days run out). */
    public Outcome revoke(String tenant) {
        Outcome o = setStanding(tenant, "REVOKED", null);
        if (o instanceof Outcome.Done) {
            Sql.tx(db, c -> Sql.update(c, "UPDATE license_serial SET status = 'REVOKED' WHERE tenant_id = ?", tenant));
        }
        return o;
    }

    /** Revokes a serial; an unused one can then never be registered, a used one revokes its tenant too. */
    public Outcome revokeSerial(String serial) {
        Optional<String> tenant = Sql.tx(db, c -> Sql.string(c, "SELECT tenant_id FROM license_serial WHERE serial = ?",
                SerialKey.normalize(serial)));
        int n = Sql.tx(db, c -> Sql.update(c, "UPDATE license_serial SET status = 'REVOKED' WHERE serial = ?",
                SerialKey.normalize(serial)));
        if (n == 0) {
            return new Refused(Refused.Reason.UNKNOWN_SERIAL, "no serial " + serial);
        }
        tenant.ifPresent(this::revoke);
        return new Outcome.Done("serial " + serial + " revoked" + tenant.map(t -> " with tenant " + t).orElse(""));
    }

    /**
     * Answers a box's signed renewal request with a signed reply carrying HQ time, the box's nonce and
     * its standing. An unknown device of an active tenant is activated here if a seat is free, so a
     * box provisioned with the tenant license activates at its first heartbeat.
     *
     * @throws JwsException when the request itself does not verify (answered as a 400, never signed)
     */
    public String renew(String requestToken) throws JwsException {
        RenewalRequest r = RenewalRequest.verify(requestToken);
        Instant now = clock.instant();
        RenewalReply.Status status;
        Optional<String> license = Optional.empty();
        String detail = "";
        Optional<String> standing = Sql.tx(db, c -> Sql.string(c, "SELECT status FROM license_tenant WHERE tenant_id = ?",
                r.tenant()));
        if (standing.isEmpty()) {
            status = RenewalReply.Status.UNKNOWN_TENANT;
        } else if (!standing.get().equals("ACTIVE")) {
            status = RenewalReply.Status.valueOf(standing.get());
        } else {
            Optional<String> device = Sql.tx(db, c -> Sql.string(c, "SELECT status FROM license_device WHERE tenant_id = ?"
                    + " AND thumbprint = ?", r.tenant(), r.device()));
            Optional<String> stored = Sql.tx(db, c -> Sql.string(c, "SELECT token FROM license_device WHERE tenant_id = ?"
                    + " AND thumbprint = ? AND status = 'ACTIVE'", r.tenant(), r.device()));
            if (device.equals(Optional.of("DEACTIVATED"))) {
                status = RenewalReply.Status.DEACTIVATED;
            } else if (stored.isPresent()) {
                // the token issued at activation stays good; re-issuing at every heartbeat would only grow seq
                status = RenewalReply.Status.ACTIVE;
                license = stored;
                Sql.tx(db, c -> Sql.update(c, "UPDATE license_device SET last_seen = ? WHERE tenant_id = ? AND thumbprint = ?",
                        now.getEpochSecond(), r.tenant(), r.device()));
            } else {
                Outcome o = activate(r.tenant(), r.device());
                if (o instanceof Outcome.Issued issued) {
                    status = RenewalReply.Status.ACTIVE;
                    license = Optional.of(issued.token());
                } else {
                    Refused refused = (Refused) o;
                    status = refused.reason() == Refused.Reason.DEVICE_LIMIT_REACHED
                            ? RenewalReply.Status.DEVICE_LIMIT_REACHED : RenewalReply.Status.UNKNOWN_TENANT;
                    detail = refused.detail();
                }
            }
        }
        return new RenewalReply(issuer, r.tenant(), r.device(), r.nonce(), now, status, license, detail).sign(key);
    }

    /** Every tenant's record and devices, by tenant id. */
    public List<Map<String, Object>> tenants() {
        return Sql.tx(db, c -> {
            List<Map<String, Object>> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id FROM license_tenant ORDER BY tenant_id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    LicenseSchema.tenantView(c, rs.getString(1)).ifPresent(out::add);
                }
            }
            return out;
        });
    }

    /** A tenant's record and its devices, for the admin API. */
    public Optional<Map<String, Object>> tenant(String tenant) {
        return Sql.tx(db, c -> LicenseSchema.tenantView(c, tenant));
    }

    private Outcome setStanding(String tenant, String to, String from) {
        return Sql.tx(db, c -> {
            String where = from == null ? " AND status <> 'REVOKED'" : " AND status = '" + from + "'";
            if (Sql.update(c, "UPDATE license_tenant SET status = ?, seq = seq + 1 WHERE tenant_id = ?" + where, to, tenant) == 1) {
                Logger.info("license: tenant {} now {}", tenant, to);
                return new Outcome.Done("tenant " + tenant + " is " + to.toLowerCase());
            }
            Optional<String> now = Sql.string(c, "SELECT status FROM license_tenant WHERE tenant_id = ?", tenant);
            return now.isEmpty() ? new Refused(Refused.Reason.UNKNOWN_TENANT, "no tenant " + tenant)
                    : new Refused(now.get().equals("REVOKED") ? Refused.Reason.LICENSE_REVOKED : Refused.Reason.LICENSE_SUSPENDED,
                    "tenant " + tenant + " is " + now.get().toLowerCase() + ", cannot become " + to.toLowerCase());
        });
    }

    /** Bumps the tenant's seq (taking its row lock) if it is active; else says why not. */
    private static Refused claimTenantRow(Connection c, String tenant) throws SQLException {
        if (Sql.update(c, "UPDATE license_tenant SET seq = seq + 1 WHERE tenant_id = ? AND status = 'ACTIVE'", tenant) == 1) {
            return null;
        }
        Optional<String> status = Sql.string(c, "SELECT status FROM license_tenant WHERE tenant_id = ?", tenant);
        return status.isEmpty() ? new Refused(Refused.Reason.UNKNOWN_TENANT, "no tenant " + tenant)
                : new Refused(status.get().equals("REVOKED") ? Refused.Reason.LICENSE_REVOKED : Refused.Reason.LICENSE_SUSPENDED,
                "tenant " + tenant + " is " + status.get().toLowerCase());
    }

    private LicenseClaims claims(Connection c, String tenant, long seq, Optional<String> device) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT license_id, plan, modules, max_devices, offline_days,"
                + " not_before, expires_at FROM license_tenant WHERE tenant_id = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("tenant " + tenant + " vanished inside its transaction");
                }
                Instant now = clock.instant();
                return new LicenseClaims(issuer, rs.getString(1), tenant, rs.getString(2), Plan.modules(rs.getString(3)),
                        rs.getInt(4), now, Instant.ofEpochSecond(rs.getLong(6)).minus(Duration.ofMinutes(5)),
                        Instant.ofEpochSecond(rs.getLong(7)), rs.getInt(5), seq, device);
            }
        }
    }
}

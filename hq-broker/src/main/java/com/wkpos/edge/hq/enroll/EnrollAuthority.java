package com.wkpos.edge.hq.enroll;

import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.provisioning.pki.DeviceCa;
import com.wkpos.edge.provisioning.pki.DeviceCsr;
import com.wkpos.edge.provisioning.pki.DeviceName;
import com.wkpos.edge.provisioning.pki.Pem;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.tinylog.Logger;

/**
 * HQ's enrollment authority: mints one-time enroll tokens for a tenant's branch (each names the device
 * the box will become), exchanges a token and a PKCS#10 request whose subject is that device name for a
 * client certificate from the device CA, and revokes certificates (the CRL and the broker ACL follow).
 * A refused request changes nothing. Thread-safe (each call is one transaction).
 */
public final class EnrollAuthority {
    public static final String CA_DIR = "device-ca";
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(7);
    public static final Duration CERT_VALIDITY = Duration.ofDays(825);
    private final EnrollStore store;
    private final DeviceCa ca;
    private final Clock clock;
    private final SecureRandom random;

    /** Why an enrollment was refused: a stable slug and the HTTP status it maps to. */
    public enum Refusal {
        UNKNOWN_TOKEN(403), TOKEN_USED(409), TOKEN_EXPIRED(403), WRONG_DEVICE(403), BAD_REQUEST(400);

        public final int status;

        Refusal(int status) {
            this.status = status;
        }

        public String slug() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** An enrollment outcome: a certificate, or a refusal with its reason. */
    public sealed interface Outcome permits Enrolled, Refused {
    }

    public record Enrolled(String deviceName, String certificatePem, String caPem) implements Outcome {
    }

    public record Refused(Refusal reason, String detail) implements Outcome {
    }

    /** A fresh token: give it to the box (in its bundle) exactly once. */
    public record NewToken(String token, String deviceName, Instant expires) {
    }

    EnrollAuthority(EnrollStore store, DeviceCa ca, Clock clock, SecureRandom random) {
        this.store = store;
        this.ca = ca;
        this.clock = clock;
        this.random = random;
    }

    /** The authority over {@code db}, with its CA in {@code stateDir/device-ca} (made on first use). */
    public static EnrollAuthority open(Path stateDir, DataSource db, Clock clock) {
        SecureRandom random = new SecureRandom();
        DeviceCa ca = DeviceCa.loadOrCreate(stateDir.resolve(CA_DIR), "WK Edge device CA", clock.instant(), random);
        return new EnrollAuthority(new EnrollStore(db), ca, clock, random);
    }

    public NewToken createToken(String tenant, String branch, Instant expires) {
        Topics.requireId("tenant", tenant);
        Topics.requireId("branch", branch);
        Instant now = clock.instant();
        if (!expires.isAfter(now) || Duration.between(now, expires).compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw new IllegalArgumentException("an enroll token expires within 7 days, asked " + expires);
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String device = DeviceName.of(tenant, branch, HexFormat.of().formatHex(raw, 0, 4));
        store.tx(c -> EnrollStore.update(c, "INSERT INTO enroll_token (token_sha256, tenant, branch, device_name,"
                + " expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)", sha256(token), tenant, branch, device,
                expires.getEpochSecond(), now.getEpochSecond()));
        Logger.info("enroll token for {} until {}", device, expires);
        return new NewToken(token, device, expires);
    }

    /** Exchanges {@code token} and {@code csrPem} for a certificate; the token is spent only when one is issued. */
    public Outcome enroll(String token, String csrPem) {
        DeviceCsr.Checked csr;
        try {
            csr = DeviceCsr.check(csrPem);
        } catch (IllegalArgumentException e) {
            return new Refused(Refusal.BAD_REQUEST, "certificate request: " + e.getMessage());
        }
        Instant now = clock.instant();
        Outcome outcome = store.tx(c -> {
            EnrollStore.Token t = token == null ? null : EnrollStore.token(c, sha256(token)).orElse(null);
            if (t == null) {
                return new Refused(Refusal.UNKNOWN_TOKEN, "no such enroll token");
            }
            if (t.usedAt() != null) {
                return new Refused(Refusal.TOKEN_USED, "the enroll token was used at " + Instant.ofEpochSecond(t.usedAt()));
            }
            if (now.getEpochSecond() >= t.expiresAt()) {
                return new Refused(Refusal.TOKEN_EXPIRED, "the enroll token expired at " + Instant.ofEpochSecond(t.expiresAt()));
            }
            if (!csr.commonName().equals(t.deviceName())) {
                return new Refused(Refusal.WRONG_DEVICE, "the token is for " + t.deviceName() + ", the request names "
                        + csr.commonName());
            }
            if (EnrollStore.update(c, "UPDATE enroll_token SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL",
                    now.getEpochSecond(), sha256(token)) != 1) {
                return new Refused(Refusal.TOKEN_USED, "the enroll token was just used");
            }
            X509Certificate cert = ca.issueClient(t.deviceName(), csr.publicKey(), now, CERT_VALIDITY);
            EnrollStore.update(c, "INSERT INTO enroll_certificate (serial, device_name, tenant, branch, issued_at,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?, ?)", cert.getSerialNumber().toString(16), t.deviceName(),
                    t.tenant(), t.branch(), now.getEpochSecond(), cert.getNotAfter().toInstant().getEpochSecond());
            return new Enrolled(t.deviceName(), Pem.write(cert), ca.certificatePem());
        });
        switch (outcome) {
            case Enrolled e -> Logger.info("enrolled {}", e.deviceName());
            case Refused r -> Logger.warn("enrollment refused ({}): {}", r.reason().slug(), r.detail());
        }
        return outcome;
    }

    /** Revokes every certificate of {@code deviceName}; false when it has none in force. */
    public boolean revoke(String deviceName) {
        long now = clock.instant().getEpochSecond();
        int n = store.tx(c -> EnrollStore.update(c, "UPDATE enroll_certificate SET revoked_at = ? WHERE device_name = ?"
                + " AND revoked_at IS NULL", now, deviceName));
        if (n > 0) {
            Logger.warn("revoked {} certificate(s) of {}", n, deviceName);
        }
        return n > 0;
    }

    /** Devices with a certificate in force (not revoked, not expired): the broker ACL's users. */
    public List<Map<String, Object>> activeDevices() {
        long now = clock.instant().getEpochSecond();
        return store.tx(c -> EnrollStore.certificates(c, "WHERE revoked_at IS NULL AND expires_at > ?", now)).stream()
                .map(EnrollStore::view).toList();
    }

    public List<Map<String, Object>> devices() {
        return store.tx(c -> EnrollStore.certificates(c, "")).stream().map(EnrollStore::view).toList();
    }

    /** A freshly numbered CRL of every revoked serial, valid for 30 days. */
    public String crlPem() {
        Instant now = clock.instant();
        return store.tx(c -> {
            List<BigInteger> serials = EnrollStore.certificates(c, "WHERE revoked_at IS NOT NULL").stream()
                    .map(i -> new BigInteger(i.serialHex(), 16)).toList();
            return ca.crlPem(serials, EnrollStore.nextCrlNumber(c), now, now.plus(Duration.ofDays(30)));
        });
    }

    public DeviceCa ca() {
        return ca;
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

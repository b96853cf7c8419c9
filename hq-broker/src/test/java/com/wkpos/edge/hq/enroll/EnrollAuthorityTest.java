package com.wkpos.edge.hq.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.wkpos.edge.hq.license.Databases;
import com.wkpos.edge.provisioning.pki.DeviceCa;
import com.wkpos.edge.provisioning.pki.DeviceCsr;
import com.wkpos.edge.provisioning.pki.Pem;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EnrollAuthorityTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final List<String> schemas = new ArrayList<>();
    private Instant now = Instant.parse("2026-11-21T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    @TempDir
    Path dir;

    @AfterAll
    void dropSchemas() {
        if (!schemas.isEmpty()) {
            Databases.drop(schemas);
        }
    }

    private EnrollAuthority authority(String db) {
        Path d = dir.resolve(db + RANDOM.nextInt(1 << 30));
        DataSource ds = db.equals("sqlite") ? Databases.sqlite(d) : Databases.postgres(schemas);
        assumeThat(ds).as("PostgreSQL at " + Databases.PG_URL).isNotNull();
        return new EnrollAuthority(new EnrollStore(ds), DeviceCa.loadOrCreate(d.resolve("ca"), "CA", now, RANDOM), clock,
                RANDOM);
    }

    private static String csr(String name) {
        return DeviceCsr.create(name, DeviceCsr.generateKeyPair(RANDOM));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aTokenBuysExactlyOneCertificateForItsDeviceName(String db) {
        EnrollAuthority a = authority(db);
        EnrollAuthority.NewToken t = a.createToken("acme", "nord", now.plus(Duration.ofDays(7)));
        assertThat(t.deviceName()).startsWith("acme.nord.");

        KeyPair keys = DeviceCsr.generateKeyPair(RANDOM);
        var outcome = a.enroll(t.token(), DeviceCsr.create(t.deviceName(), keys));
        assertThat(outcome).isInstanceOf(EnrollAuthority.Enrolled.class);
        X509Certificate cert = Pem.certificate(((EnrollAuthority.Enrolled) outcome).certificatePem());
        assertThat(cert.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + t.deviceName());
        assertThat(a.ca().issued(cert)).isTrue();

        var again = a.enroll(t.token(), csr(t.deviceName()));
        assertThat(again).isEqualTo(new EnrollAuthority.Refused(EnrollAuthority.Refusal.TOKEN_USED,
                ((EnrollAuthority.Refused) again).detail()));
        assertThat(a.devices()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aCsrForAnotherDeviceNameIsRefusedAndDoesNotSpendTheToken(String db) {
        EnrollAuthority a = authority(db);
        EnrollAuthority.NewToken t = a.createToken("acme", "nord", now.plus(Duration.ofDays(1)));
        var wrong = a.enroll(t.token(), csr("acme.sued.box1"));
        assertThat(((EnrollAuthority.Refused) wrong).reason()).isEqualTo(EnrollAuthority.Refusal.WRONG_DEVICE);
        assertThat(a.devices()).isEmpty();
        assertThat(a.enroll(t.token(), csr(t.deviceName()))).isInstanceOf(EnrollAuthority.Enrolled.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void unknownExpiredAndMalformedAreRefused(String db) {
        EnrollAuthority a = authority(db);
        EnrollAuthority.NewToken t = a.createToken("acme", "nord", now.plus(Duration.ofHours(1)));
        assertThat(((EnrollAuthority.Refused) a.enroll("x".repeat(43), csr(t.deviceName()))).reason())
                .isEqualTo(EnrollAuthority.Refusal.UNKNOWN_TOKEN);
        assertThat(((EnrollAuthority.Refused) a.enroll(t.token(), "not a csr")).reason())
                .isEqualTo(EnrollAuthority.Refusal.BAD_REQUEST);
        now = now.plus(Duration.ofHours(2));
        assertThat(((EnrollAuthority.Refused) a.enroll(t.token(), csr(t.deviceName()))).reason())
                .isEqualTo(EnrollAuthority.Refusal.TOKEN_EXPIRED);
        assertThat(a.devices()).isEmpty();
        assertThatThrownBy(() -> a.createToken("acme", "nord", now.plus(Duration.ofDays(8))))
                .hasMessageContaining("7 days");
        assertThatThrownBy(() -> a.createToken("acme", "../x", now.plus(Duration.ofDays(1))))
                .hasMessageContaining("branch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void revokingPutsTheSerialOnTheCrlAndTakesTheDeviceOffTheAcl(String db) throws Exception {
        EnrollAuthority a = authority(db);
        EnrollAuthority.NewToken nord = a.createToken("acme", "nord", now.plus(Duration.ofDays(1)));
        EnrollAuthority.NewToken sued = a.createToken("acme", "sued", now.plus(Duration.ofDays(1)));
        var n = (EnrollAuthority.Enrolled) a.enroll(nord.token(), csr(nord.deviceName()));
        a.enroll(sued.token(), csr(sued.deviceName()));
        assertThat(a.revoke(nord.deviceName())).isTrue();
        assertThat(a.revoke(nord.deviceName())).isFalse();

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(a.crlPem().getBytes()));
        crl.verify(a.ca().certificate().getPublicKey());
        assertThat(crl.isRevoked(Pem.certificate(n.certificatePem()))).isTrue();
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        String acl = BrokerConfig.acl(a.activeDevices());
        assertThat(acl).contains("user " + sued.deviceName()).doesNotContain(nord.deviceName());
    }
}

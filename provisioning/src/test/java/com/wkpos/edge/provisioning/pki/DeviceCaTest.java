package com.wkpos.edge.provisioning.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCaTest {
    @TempDir
    Path dir;
    private final Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void aCsrNamesItsDeviceAndTheCaIssuesAClientCertificateForIt() throws Exception {
        KeyPair keys = DeviceCsr.generateKeyPair(new SecureRandom());
        DeviceCsr.Checked checked = DeviceCsr.check(DeviceCsr.create("acme.nord.box1", keys));
        assertThat(checked.commonName()).isEqualTo("acme.nord.box1");
        assertThat(checked.publicKey()).isEqualTo(keys.getPublic());

        DeviceCa ca = DeviceCa.loadOrCreate(dir, "WK device CA", now, new SecureRandom());
        X509Certificate cert = ca.issueClient(checked.commonName(), checked.publicKey(), now, Duration.ofDays(365));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=acme.nord.box1");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(ca.issued(cert)).isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve(DeviceCa.KEY_FILE))).hasSize(2);
        DeviceCa again = DeviceCa.loadOrCreate(dir, "ignored", now, new SecureRandom());
        assertThat(again.certificate()).isEqualTo(ca.certificate());
        assertThat(DeviceCa.loadOrCreate(dir.resolve("other"), "x", now, new SecureRandom()).issued(cert)).isFalse();
    }

    @Test
    void aTamperedCsrAndAMultiNameSubjectAreRefused() {
        KeyPair keys = DeviceCsr.generateKeyPair(new SecureRandom());
        String pem = DeviceCsr.create("acme.nord.box1", keys);
        String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        byte[] der = java.util.Base64.getDecoder().decode(body);
        der[40] ^= 1;
        String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
        assertThatThrownBy(() -> DeviceCsr.check(tampered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceCsr.create("acme/nord/#", keys)).hasMessageContaining("device name");
    }

    @Test
    void theCrlListsRevokedSerialsAndIsSignedByTheCa() throws Exception {
        DeviceCa ca = DeviceCa.loadOrCreate(dir, "WK device CA", now, new SecureRandom());
        X509Certificate cert = ca.issueClient("acme.nord.box1", DeviceCsr.generateKeyPair(new SecureRandom()).getPublic(),
                now, Duration.ofDays(365));
        String pem = ca.crlPem(List.of(cert.getSerialNumber()), 2, now, now.plus(Duration.ofDays(30)));
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(
                new java.io.ByteArrayInputStream(pem.getBytes()));
        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.isRevoked(cert)).isTrue();
        assertThat(crl.getRevokedCertificate(BigInteger.TEN)).isNull();
    }
}

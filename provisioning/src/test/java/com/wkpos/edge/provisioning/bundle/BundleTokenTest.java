package com.wkpos.edge.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTokenTest {
    @TempDir
    Path dir;
    private final Instant now = Instant.parse("2026-11-21T10:00:00Z");
    private final Ed25519Key key = Ed25519Key.generate(new SecureRandom());

    @Test
    void aSignedBundleVerifiesAndRoundTrips() throws Exception {
        Bundle b = Bundles.valid(dir, now, 5, "nord");
        Bundle back = BundleToken.verify(BundleToken.sign(b, key), KeySet.of(key));
        assertThat(back.toJson()).isEqualTo(b.toJson());
        assertThat(back.deviceName()).isEqualTo("acme.nord.box1");
    }

    @Test
    void aFlippedByteAnywhereIsRefused() {
        String jws = BundleToken.sign(Bundles.valid(dir, now, 5, "nord"), key);
        for (int i : new int[] {10, jws.indexOf('.') + 20, jws.length() - 5}) {
            char[] c = jws.toCharArray();
            c[i] = c[i] == 'A' ? 'B' : 'A';
            assertThatThrownBy(() -> BundleToken.verify(new String(c), KeySet.of(key))).isInstanceOf(JwsException.class);
        }
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefused() {
        String jws = BundleToken.sign(Bundles.valid(dir, now, 5, "nord"), Ed25519Key.generate(new SecureRandom()));
        assertThatThrownBy(() -> BundleToken.verify(jws, KeySet.of(key)))
                .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.UNKNOWN_KEY));
    }

    @Test
    void duplicateJsonKeysAreRefusedEvenWhenSigned() {
        String payload = Bundles.valid(dir, now, 5, "nord").toJson().toString().replaceFirst("\\{", "{\"branch\":\"sued\",");
        String header = Base64Url.encode(("{\"alg\":\"EdDSA\",\"typ\":\"" + BundleToken.TYP + "\",\"kid\":\"" + key.kid()
                + "\"}").getBytes(StandardCharsets.UTF_8));
        String input = header + "." + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
        String jws = input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> BundleToken.verify(jws, KeySet.of(key)))
                .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.getMessage()).contains("Duplicate"));
    }

    @Test
    void lifetimeAboveSevenDaysPrivateKeysAndPlainBrokersAreRefused() {
        Bundle b = Bundles.valid(dir, now, 5, "nord");
        assertThatThrownBy(() -> new Bundle(b.id(), 1, now, now.plus(Duration.ofDays(8)), "acme", "nord", b.brokerUrl(),
                b.brokerCaPem(), b.syncKeyPem(), b.licenseKeys(), b.enrollUrl(), b.enrollToken(), b.deviceName(), null,
                b.devices(), b.lan())).hasMessageContaining("7 days");
        assertThatThrownBy(() -> new Bundle(b.id(), 1, now, b.expires(), "acme", "nord", b.brokerUrl(),
                b.brokerCaPem() + "-----BEGIN PRIVATE KEY-----\n", b.syncKeyPem(), b.licenseKeys(), b.enrollUrl(),
                b.enrollToken(), b.deviceName(), null, b.devices(), b.lan())).hasMessageContaining("private key");
        assertThatThrownBy(() -> new Bundle(b.id(), 1, now, b.expires(), "acme", "nord", "tcp://127.0.0.1:1883",
                b.brokerCaPem(), b.syncKeyPem(), b.licenseKeys(), b.enrollUrl(), b.enrollToken(), b.deviceName(), null,
                b.devices(), b.lan())).hasMessageContaining("ssl://");
        assertThatThrownBy(() -> new Bundle(b.id(), 1, now, b.expires(), "acme", "nord", b.brokerUrl(),
                b.brokerCaPem(), b.syncKeyPem(), b.licenseKeys(), b.enrollUrl(), b.enrollToken(), "acme.sued.box1", null,
                b.devices(), b.lan())).hasMessageContaining("not under acme.nord");
    }
}

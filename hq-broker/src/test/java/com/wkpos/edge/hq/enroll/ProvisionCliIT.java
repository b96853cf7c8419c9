package com.wkpos.edge.hq.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import com.wkpos.edge.provisioning.Cli;
import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.pki.DeviceCsr;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The technician's commands against a real HQ: keygen, bundle create (token registered at HQ), inspect. */
class ProvisionCliIT {
    @TempDir
    Path dir;
    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Cli.run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), Clock.systemUTC());
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void aBundleCarriesATokenHqWillHonourOnce() throws Exception {
        Path state = dir.resolve("hq");
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", state.toString(), "--listen", "127.0.0.1:0",
                "--mqtt-listen", "127.0.0.1:0", "--tenant", "acme")), Clock.systemUTC(), List.of())) {
            String url = "http://127.0.0.1:" + hq.port();
            assertThat(run("provision", "keygen", "--out", dir.resolve("keys").toString())).as(err).isZero();
            Path usb = dir.resolve("usb");
            assertThat(run("provision", "bundle", "create", "--key", dir.resolve("keys/provisioning.key.jwk").toString(),
                    "--tenant", "acme", "--branch", "nord", "--broker", "ssl://127.0.0.1:8883",
                    "--broker-ca", state.resolve("device-ca/ca.pem").toString(),
                    "--hq-key", state.resolve(Hq.PUBLIC_KEY_FILE).toString(),
                    "--license-keys", state.resolve("license-keys.jwks").toString(),
                    "--device", "printer=sim", "--device", "drawer=printer:pin2", "--hq", url, "--days", "3",
                    "--hq-state-dir", state.toString(), "--out", usb.toString())).as(err).isZero();
            assertThat(out).contains("[1/3]", "[3/3] done");
            assertThat(err).contains("plain HTTP");

            String jws = Files.readString(usb.resolve(BundleToken.PATH_ON_KEY)).strip();
            Bundle b = BundleToken.verify(jws, KeySet.read(dir.resolve("keys/provisioning.keys.jwks")));
            assertThat(b.devices()).containsEntry("drawer", "printer:pin2");
            assertThat(jws).doesNotContain("PRIVATE");
            var first = hq.enrollment().enroll(b.enrollToken(), DeviceCsr.create(b.deviceName(),
                    DeviceCsr.generateKeyPair(new java.security.SecureRandom())));
            assertThat(first).isInstanceOf(EnrollAuthority.Enrolled.class);

            assertThat(run("provision", "bundle", "inspect", usb.resolve(BundleToken.PATH_ON_KEY).toString(), "--keys",
                    dir.resolve("keys/provisioning.keys.jwks").toString())).as(err).isZero();
            assertThat(out).contains("VALID bundle", "(hidden)").doesNotContain(b.enrollToken());
            run("provision", "keygen", "--out", dir.resolve("other").toString());
            assertThat(run("provision", "bundle", "inspect", usb.resolve(BundleToken.PATH_ON_KEY).toString(), "--keys",
                    dir.resolve("other/provisioning.keys.jwks").toString())).isEqualTo(1);
            assertThat(err).contains("REFUSED (UNKNOWN_KEY)");

            assertThat(run("provision", "bundle", "create", "--key", dir.resolve("keys/provisioning.key.jwk").toString(),
                    "--tenant", "acme", "--branch", "../x", "--broker", "ssl://127.0.0.1:8883",
                    "--broker-ca", state.resolve("device-ca/ca.pem").toString(),
                    "--hq-key", state.resolve(Hq.PUBLIC_KEY_FILE).toString(),
                    "--license-keys", state.resolve("license-keys.jwks").toString(), "--hq", url,
                    "--hq-state-dir", state.toString(), "--out", dir.resolve("usb2").toString())).isEqualTo(2);
            assertThat(err).contains("HQ refused", "branch");
            assertThat(dir.resolve("usb2")).doesNotExist();

            Path wrong = Files.writeString(dir.resolve("wrong.token"), "A".repeat(43));
            assertThat(run("provision", "bundle", "create", "--key", dir.resolve("keys/provisioning.key.jwk").toString(),
                    "--tenant", "acme", "--branch", "sued", "--broker", "ssl://127.0.0.1:8883",
                    "--broker-ca", state.resolve("device-ca/ca.pem").toString(),
                    "--hq-key", state.resolve(Hq.PUBLIC_KEY_FILE).toString(),
                    "--license-keys", state.resolve("license-keys.jwks").toString(), "--hq", url,
                    "--hq-token-file", wrong.toString(), "--out", dir.resolve("usb3").toString())).isEqualTo(2);
            assertThat(err).contains("HQ refused the enroll token (401)");
            assertThat(dir.resolve("usb3")).doesNotExist();
        }
    }
}

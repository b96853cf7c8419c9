package com.wkpos.edge.agent.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProvisionerTest {
    @TempDir
    Path dir;
    private ProvisioningBench bench;

    @BeforeEach
    void open() {
        bench = new ProvisioningBench(dir);
    }

    @AfterEach
    void close() {
        bench.close();
    }

    @Test
    void aFreshBoxEnrollsWithItsOwnKeyAndSwapsItsConfigurationIn() throws Exception {
        Bundle b = bench.bundle(10, "nord");
        var outcome = bench.provisioner(step -> { }).apply("usb-key/x.jws", bench.signed(b));

        assertThat(outcome).isInstanceOf(Provisioner.Applied.class);
        InstalledConfig.Installed now = new InstalledConfig(bench.box).current().orElseThrow();
        assertThat(now.seq()).isEqualTo(10);
        assertThat(now.deviceName()).isEqualTo(b.deviceName());
        X509Certificate cert = Pem.certificate(Files.readString(now.file(InstalledConfig.DEVICE_CERT)));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + b.deviceName());
        assertThat(cert.getPublicKey().getEncoded()).isEqualTo(Pem.certificate(Pem.write(cert)).getPublicKey().getEncoded());
        assertThat(Files.getPosixFilePermissions(now.file(InstalledConfig.DEVICE_KEY)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(bench.installed).hasSize(1);
        assertThat(bench.audit("provisioning.received")).hasSize(1);
        for (String step : new String[] {"verified", "key-generated", "enrolled", "staged", "swapped", "applied"}) {
            assertThat(bench.audit("provisioning." + step)).as(step).hasSize(1);
        }
        assertThat(bench.audit("provisioning.enrolled").getFirst()).contains(cert.getSerialNumber().toString(16));
        assertThat(bench.hq.devices()).hasSize(1);
    }

    /** A power cut at each step: the journal and the state directory are reopened and the old configuration holds. */
    @ParameterizedTest
    @ValueSource(strings = {"key-generated", "enrolled", "staged"})
    void aPowerCutBeforeTheSwapLeavesTheOldConfigurationAndTheRetryResumes(String cutAt) throws Exception {
        assertThat(bench.provisioner(s -> { }).apply("first", bench.signed(bench.bundle(10, "nord"))))
                .isInstanceOf(Provisioner.Applied.class);
        Bundle next = bench.bundle(11, "nord");
        String text = bench.signed(next);
        try {
            bench.provisioner(step -> {
                if (step.equals(cutAt)) {
                    throw new PowerCut();
                }
            }).apply("second", text);
        } catch (PowerCut expected) {
            // the process is gone at this point
        }
        bench.reopen();
        InstalledConfig.Installed after = new InstalledConfig(bench.box).current().orElseThrow();
        assertThat(after.seq()).isEqualTo(10);
        assertThat(bench.audit("provisioning.swapped")).hasSize(1);

        int calls = bench.enrollCalls;
        assertThat(bench.provisioner(s -> { }).apply("second again", text)).isInstanceOf(Provisioner.Applied.class);
        assertThat(new InstalledConfig(bench.box).current().orElseThrow().seq()).isEqualTo(11);
        // the token is one-time: after a cut past enrollment the staged certificate is reused, HQ is not asked again
        assertThat(bench.enrollCalls - calls).isEqualTo(cutAt.equals("key-generated") ? 1 : 0);
        try (var s = Files.list(bench.box.resolve("provisioning"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("staged-")).count()).isEqualTo(1);
        }
    }

    @Test
    void aPowerCutRightAfterTheSwapStartsWithTheNewConfiguration() {
        Bundle b = bench.bundle(10, "nord");
        try {
            bench.provisioner(step -> {
                if (step.equals("swapped")) {
                    throw new PowerCut();
                }
            }).apply("usb", bench.signed(b));
        } catch (PowerCut expected) {
            // gone
        }
        bench.reopen();
        assertThat(new InstalledConfig(bench.box).current().orElseThrow().seq()).isEqualTo(10);
    }

    @Test
    void eachStepOfTheRunningAgentsSwitchIsAuditedAndAFailedOneLeavesTheSwapInForce() {
        bench.afterSwap = i -> java.util.List.of(new Provisioner.Step("sync", "connecting as " + i.deviceName()),
                new Provisioner.Step("slip-printed", "confirmation slip with pairing code c-1"));
        Bundle b = bench.bundle(10, "nord");
        assertThat(bench.provisioner(s -> { }).apply("usb", bench.signed(b))).isInstanceOf(Provisioner.Applied.class);
        assertThat(bench.audit("provisioning.sync")).singleElement().asString().contains(b.deviceName());
        assertThat(bench.audit("provisioning.slip-printed")).hasSize(1);

        bench.afterSwap = i -> {
            throw new IllegalStateException("broker CA unreadable");
        };
        assertThat(bench.provisioner(s -> { }).apply("usb", bench.signed(bench.bundle(11, "nord"))))
                .isInstanceOf(Provisioner.Applied.class);
        assertThat(bench.audit("provisioning.switch-failed")).singleElement().asString()
                .contains("broker CA unreadable", "next start");
        assertThat(new InstalledConfig(bench.box).current().orElseThrow().seq()).isEqualTo(11);
        assertThat(bench.audit("provisioning.applied")).hasSize(2);
    }

    static final class PowerCut extends RuntimeException {
    }
}

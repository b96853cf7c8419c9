package com.wkpos.edge.agent.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad bundles and hostile files: each is refused with a reason, audited, and changes nothing. */
class BundleAttacksTest {
    @TempDir
    Path dir;
    private ProvisioningBench bench;
    private Path spool;
    private Path key;
    private UsbKeyWatcher watcher;

    @BeforeEach
    void open() throws Exception {
        bench = new ProvisioningBench(dir);
        spool = bench.box.resolve("usb-key");
        key = dir.resolve("usb");
        Files.createDirectories(spool);
        Files.createDirectories(key);
        watcher = new UsbKeyWatcher(spool, List.of(), List.of(key), bench.provisioner(s -> { }));
    }

    @AfterEach
    void close() {
        bench.close();
    }

    /** Drops {@code text} into the spool, polls once, and returns the one refusal it must produce. */
    private Provisioner.Refused refusedFromSpool(String text) throws Exception {
        Files.writeString(spool.resolve("20261121T100000Z-sdb1.jws"), text);
        return onlyRefusal();
    }

    private Provisioner.Refused onlyRefusal() {
        List<Provisioner.Outcome> outcomes = watcher.pollOnce();
        assertThat(outcomes).hasSize(1);
        assertThat(outcomes.getFirst()).isInstanceOf(Provisioner.Refused.class);
        return (Provisioner.Refused) outcomes.getFirst();
    }

    private void assertNothingApplied(long installedSeq) throws Exception {
        var current = new InstalledConfig(bench.box).current();
        if (installedSeq == 0) {
            assertThat(current).isEmpty();
        } else {
            assertThat(current.orElseThrow().seq()).isEqualTo(installedSeq);
        }
        assertThat(bench.audit("provisioning.swapped")).hasSize(installedSeq == 0 ? 0 : 1);
        try (var s = Files.list(spool)) {
            assertThat(s.toList()).as("handled spool copies are deleted").isEmpty();
        }
    }

    @Test
    void aFlippedByteIsRefusedAsABadSignature() throws Exception {
        String jws = bench.signed(bench.bundle(10, "nord"));
        char[] c = jws.toCharArray();
        int i = jws.indexOf('.') + 40;
        c[i] = c[i] == 'A' ? 'B' : 'A';
        assertThat(refusedFromSpool(new String(c)).reason()).isIn("bad_signature", "bad_claims", "malformed");
        assertNothingApplied(0);
        assertThat(bench.audit("provisioning.refuse")).hasSize(1);
        assertThat(bench.enrollCalls).isZero();
    }

    @Test
    void aBundleSignedByAnUnpinnedKeyIsRefused() throws Exception {
        String jws = BundleToken.sign(bench.bundle(10, "nord"), Ed25519Key.generate(new SecureRandom()));
        assertThat(refusedFromSpool(jws).reason()).isEqualTo("unknown_key");
        assertNothingApplied(0);
    }

    @Test
    void anExpiredBundleIsRefused() throws Exception {
        String jws = bench.signed(bench.bundle(10, "nord"));
        bench.clock.advance(Duration.ofDays(3));
        assertThat(refusedFromSpool(jws).reason()).isEqualTo("expired");
        assertNothingApplied(0);
        assertThat(bench.audit("provisioning.refuse").getFirst()).startsWith("expired: ");
    }

    @Test
    void aLowerOrEqualSeqIsARefusedReplayAndAnotherBranchIsRefusedOnceProvisioned() throws Exception {
        assertThat(bench.provisioner(s -> { }).apply("first", bench.signed(bench.bundle(10, "nord"))))
                .isInstanceOf(Provisioner.Applied.class);
        assertThat(refusedFromSpool(bench.signed(bench.bundle(9, "nord"))).reason()).isEqualTo("replayed");
        assertThat(refusedFromSpool(bench.signed(bench.bundle(10, "nord"))).reason()).isEqualTo("replayed");
        assertThat(refusedFromSpool(bench.signed(bench.bundle(11, "sued"))).reason()).isEqualTo("other-branch");
        assertNothingApplied(10);
        assertThat(bench.enrollCalls).isEqualTo(1);
    }

    @Test
    void duplicateJsonKeysAreRefusedEvenWithAGoodSignature() throws Exception {
        Bundle b = bench.bundle(10, "nord");
        String payload = b.toJson().toString().replaceFirst("\\{", "{\"branch\":\"sued\",");
        String header = Base64Url.encode(("{\"alg\":\"EdDSA\",\"typ\":\"" + BundleToken.TYP + "\",\"kid\":\""
                + bench.provisioningKey.kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        String input = header + "." + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8));
        String jws = input + "." + Base64Url.encode(bench.provisioningKey.sign(input.getBytes(StandardCharsets.US_ASCII)));
        assertThat(refusedFromSpool(jws).detail()).contains("Duplicate");
        assertNothingApplied(0);
    }

    @Test
    void aOneGigabyteFileIsRefusedUnread() throws Exception {
        Path huge = spool.resolve("20261121T100000Z-sdb1.jws");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 30); // sparse: no disk used, and the reader must never read it whole
        }
        assertThat(onlyRefusal().detail()).contains("oversized: 1073741824 bytes");
        assertNothingApplied(0);
    }

    @Test
    void symlinksAreRefusedInTheSpoolAndOnAKey() throws Exception {
        Path real = dir.resolve("elsewhere.jws");
        Files.writeString(real, bench.signed(bench.bundle(10, "nord")));
        Files.createSymbolicLink(spool.resolve("20261121T100000Z-sdb1.jws"), real);
        assertThat(onlyRefusal().detail()).contains("symlink");

        Files.createDirectories(dir.resolve("outside/wk-edge"));
        Files.writeString(dir.resolve("outside/wk-edge/bundle.jws"), bench.signed(bench.bundle(11, "nord")));
        Files.createSymbolicLink(key.resolve("wk-edge"), dir.resolve("outside/wk-edge"));
        assertThat(onlyRefusal().detail()).contains("symlink on the path: wk-edge");
        assertNothingApplied(0);
        assertThat(bench.enrollCalls).isZero();
    }

    @Test
    void pathsThatEscapeTheirFolderAreRefused() throws Exception {
        Files.writeString(dir.resolve("secret.jws"), bench.signed(bench.bundle(10, "nord")));
        BundleInbox.Candidate c = BundleInbox.read(spool, "../../secret.jws", true);
        assertThat(c.text()).isNull();
        assertThat(c.refusal()).contains("escapes");
        assertThat(bench.provisioner(s -> { }).refuseUnread(c.file().toString(), c.refusal()))
                .isInstanceOf(Provisioner.Refused.class);
        assertThat(BundleInbox.read(spool, "..", true).refusal()).contains("escapes");
        assertNothingApplied(0);
        assertThat(bench.audit("provisioning.refuse")).hasSize(1);
    }

    @Test
    void aReusedEnrollTokenIsRefusedByHqAndNothingIsSwapped() throws Exception {
        Bundle b = bench.bundle(10, "nord");
        var csr = com.wkpos.edge.provisioning.pki.DeviceCsr.create(b.deviceName(),
                com.wkpos.edge.provisioning.pki.DeviceCsr.generateKeyPair(new SecureRandom()));
        assertThat(bench.hq.enroll(b.enrollToken(), csr)).isInstanceOf(
                com.wkpos.edge.hq.enroll.EnrollAuthority.Enrolled.class);
        Provisioner.Refused r = refusedFromSpool(bench.signed(b));
        assertThat(r.reason()).isEqualTo("enroll-failed");
        assertThat(r.detail()).contains("token-used");
        assertNothingApplied(0);
    }

    @Test
    void aKeyLeftPluggedInIsHandledOnce() throws Exception {
        Files.createDirectories(key.resolve("wk-edge"));
        Files.writeString(key.resolve("wk-edge/bundle.jws"), bench.signed(bench.bundle(10, "nord")));
        assertThat(watcher.pollOnce()).singleElement().isInstanceOf(Provisioner.Applied.class);
        assertThat(watcher.pollOnce()).isEmpty();
        assertThat(Files.exists(key.resolve("wk-edge/bundle.jws"))).as("a key is never written to").isTrue();
    }
}

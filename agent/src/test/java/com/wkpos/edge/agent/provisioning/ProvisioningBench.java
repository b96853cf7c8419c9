package com.wkpos.edge.agent.provisioning;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.hq.enroll.EnrollAuthority;
import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeySet;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteDataSource;

/** A box's state directory, HQ's real enrollment authority (no HTTP) and a provisioning key, for provisioning tests. */
final class ProvisioningBench implements AutoCloseable {
    static final String SYNC_KEY = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
            + "-----END PUBLIC KEY-----\n";
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    final Ed25519Key provisioningKey = Ed25519Key.generate(new SecureRandom());
    final Path box;
    final EnrollAuthority hq;
    final List<InstalledConfig.Installed> installed = new ArrayList<>();
    int enrollCalls;
    /** What the running agent does after the swap (by default nothing, as at the next start). */
    Provisioner.Switch afterSwap = i -> java.util.List.of();
    Journal journal;

    ProvisioningBench(Path dir) {
        this.box = dir.resolve("box");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + dir.resolve("hq.db"));
        this.hq = EnrollAuthority.open(dir.resolve("hq"), ds, clock);
        reopen();
    }

    /** As after a power cut: the journal is closed and opened again from its file. */
    void reopen() {
        if (journal != null) {
            journal.close();
        }
        Projections.Builder b = Projections.builder();
        Provisioner.register(b);
        journal = Journal.open(box, clock, b.build());
    }

    Provisioner provisioner(Provisioner.Steps steps) {
        Enroller enroller = (url, token, csr) -> {
            enrollCalls++;
            return switch (hq.enroll(token, csr)) {
                case EnrollAuthority.Enrolled e -> new Enroller.Certificate(e.certificatePem(), e.caPem());
                case EnrollAuthority.Refused r -> throw new Enroller.EnrollException(r.reason().slug() + ": " + r.detail(), null);
            };
        };
        return new Provisioner(journal, clock, KeySet.of(provisioningKey), new InstalledConfig(box), enroller,
                i -> {
                    installed.add(i);
                    return afterSwap.switchTo(i);
                }, steps);
    }

    Bundle bundle(long seq, String branch) {
        EnrollAuthority.NewToken t = hq.createToken("acme", branch, clock.instant().plus(Duration.ofDays(2)));
        return new Bundle("bundle-" + seq + "-" + branch, seq, clock.instant(), clock.instant().plus(Duration.ofDays(2)),
                "acme", branch, "ssl://127.0.0.1:8883", hq.ca().certificatePem(), SYNC_KEY,
                KeySet.of(Ed25519Key.generate(new SecureRandom())), "http://127.0.0.1:1", t.token(), t.deviceName(), null,
                Map.of("printer", "sim"), Map.of());
    }

    String signed(Bundle b) {
        return BundleToken.sign(b, provisioningKey);
    }

    List<String> audit(String action) {
        return journal.read(c -> {
            List<String> rows = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT detail FROM audit WHERE action = ? ORDER BY seq")) {
                ps.setString(1, action);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        });
    }

    @Override
    public void close() {
        journal.close();
    }
}

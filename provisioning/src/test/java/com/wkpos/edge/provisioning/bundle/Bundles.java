package com.wkpos.edge.provisioning.bundle;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.pki.DeviceCa;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A valid bundle to start tests from. */
public final class Bundles {
    public static final String SYNC_KEY = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n"
            + "-----END PUBLIC KEY-----\n";

    private Bundles() {
    }

    public static Bundle valid(Path caDir, Instant now, long seq, String branch) {
        DeviceCa ca = DeviceCa.loadOrCreate(caDir, "test CA", now, new SecureRandom());
        return new Bundle("b-" + seq, seq, now, now.plus(Duration.ofDays(7)), "acme", branch, "ssl://127.0.0.1:8883",
                ca.certificatePem(), SYNC_KEY, KeySet.of(Ed25519Key.generate(new SecureRandom())), "http://127.0.0.1:8090",
                "t".repeat(43), "acme." + branch + ".box1", null, Map.of("printer", "sim"), Map.of());
    }
}

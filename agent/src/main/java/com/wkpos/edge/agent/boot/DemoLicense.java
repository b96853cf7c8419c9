package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.license.DeviceKey;
import com.wkpos.edge.agent.license.Licensing;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.LicenseToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The demo is its own software vendor: it keeps a vendor signing key under its state directory,
 * pins it, and issues the demo branch a real signed license bound to the box's key — at first start,
 * and again at a start when the held one is more than 12 hours old (standing in for HQ's heartbeat
 * renewal, which the demo has no HQ for). The agent verifies it exactly as in production.
 */
public final class DemoLicense {
    public static final String TENANT = "demo";
    private static final Duration REISSUE_AFTER = Duration.ofHours(12);

    private DemoLicense() {
    }

    /** @return the pinned-keys file to configure */
    public static Path ensure(Path stateDir, Clock clock) {
        Path vendorKey = stateDir.resolve("vendor/hq.key.jwk");
        Path pinned = stateDir.resolve("vendor/hq.keys.jwks");
        Ed25519Key vendor = Files.exists(vendorKey) ? KeyFiles.readPrivate(vendorKey) : newKey(vendorKey);
        KeyFiles.writeAtomically(pinned, KeySet.of(vendor).toJson(), false);
        Ed25519Key device = DeviceKey.loadOrCreate(stateDir);
        Path tokenFile = stateDir.resolve(Licensing.TOKEN_FILE);
        Optional<LicenseClaims> held = held(tokenFile, vendor);
        Instant now = clock.instant();
        if (held.isPresent() && held.get().iat().plus(REISSUE_AFTER).isAfter(now)
                && held.get().device().equals(Optional.of(device.kid()))) {
            return pinned;
        }
        long seq = held.map(c -> c.seq() + 1).orElse(1L);
        LicenseClaims claims = new LicenseClaims("wk-demo-vendor", "lic-demo", TENANT, "pro",
                List.of("accounting", "loyalty", "multi-currency", "reports"), 2, now, now.minus(Duration.ofMinutes(5)),
                now.plus(Duration.ofDays(365)), LicenseClaims.DEFAULT_OFFLINE_DAYS, seq, Optional.of(device.kid()));
        KeyFiles.writeAtomically(tokenFile, (LicenseToken.issue(claims, vendor) + "\n").getBytes(StandardCharsets.US_ASCII),
                true);
        Logger.info("demo: issued license seq {} to device {}", seq, device.kid());
        return pinned;
    }

    private static Ed25519Key newKey(Path file) {
        Ed25519Key key = Ed25519Key.generate(new SecureRandom());
        KeyFiles.writePrivate(file, key);
        return key;
    }

    private static Optional<LicenseClaims> held(Path tokenFile, Ed25519Key vendor) {
        try {
            return Optional.of(LicenseToken.verify(Files.readString(tokenFile, StandardCharsets.US_ASCII).strip(),
                    KeySet.of(vendor)));
        } catch (IOException | com.wkpos.edge.provisioning.crypto.JwsException e) {
            return Optional.empty();
        }
    }
}

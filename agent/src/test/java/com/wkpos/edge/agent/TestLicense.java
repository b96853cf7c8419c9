package com.wkpos.edge.agent;

import com.wkpos.edge.agent.license.DeviceKey;
import com.wkpos.edge.agent.license.Licensing;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.LicenseToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A test vendor: its own HQ signing key, pinned in a keys file, issuing real signed licenses. Agents
 * in tests run licensed exactly as in production: {@link #installFor} puts a device-bound license
 * into a state directory before the agent starts, {@link #args} pins the key.
 */
public final class TestLicense {
    public static final String TENANT = "t-test";
    public static final List<String> ALL_MODULES = List.of("accounting", "loyalty", "multi-currency", "reports");
    public final Ed25519Key hq = Ed25519Key.generate(new SecureRandom());
    public final Path keysFile;

    public TestLicense(Path dir) {
        keysFile = dir.resolve("hq-" + hq.kid().substring(0, 8) + ".keys.jwks");
        KeyFiles.writeAtomically(keysFile, KeySet.of(hq).toJson(), false);
    }

    /** Agent options pinning this vendor's key for its tenant. */
    public List<String> args() {
        return List.of("--license-keys", keysFile.toString(), "--tenant", TENANT);
    }

    /** {@code base} plus {@link #args()}. */
    public List<String> with(List<String> base) {
        List<String> all = new ArrayList<>(base);
        all.addAll(args());
        return all;
    }

    /** Writes a year-long license with every module, bound to the box in {@code stateDir} (making its key). */
    public String installFor(Path stateDir) {
        String token = issue(claims(DeviceKey.loadOrCreate(stateDir).kid(), 1, Instant.now(), ALL_MODULES));
        KeyFiles.writeAtomically(stateDir.resolve(Licensing.TOKEN_FILE), token.getBytes(StandardCharsets.US_ASCII), true);
        return token;
    }

    public LicenseClaims claims(String device, long seq, Instant iat, List<String> modules) {
        return new LicenseClaims("wk-test-hq", "lic-test", TENANT, "pro", modules, 3, iat, iat.minusSeconds(60),
                iat.plus(Duration.ofDays(365)), 30, seq, Optional.ofNullable(device));
    }

    public String issue(LicenseClaims claims) {
        return LicenseToken.issue(claims, hq);
    }
}

package com.wkpos.edge.hq.license;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.KeySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import javax.sql.DataSource;

/**
 * HQ's license authority as the HQ service runs it: its signing key is made on first start in the state
 * directory ({@value #KEY_FILE}, owner-only) and its public half is written as the JWK Set boxes pin
 * ({@value #PINNED_KEYS_FILE}, {@code --license-keys}).
 */
public final class HqLicense {
    public static final String KEY_FILE = "license-signing.key.jwk";
    public static final String PINNED_KEYS_FILE = "license-keys.jwks";
    public static final String ISSUER = "wk-hq";

    private HqLicense() {
    }

    public static LicenseAuthority open(Path stateDir, DataSource db, Clock clock) {
        Path keyFile = stateDir.resolve(KEY_FILE);
        Ed25519Key key;
        if (Files.exists(keyFile)) {
            key = KeyFiles.readPrivate(keyFile);
        } else {
            key = Ed25519Key.generate(new SecureRandom());
            KeyFiles.writePrivate(keyFile, key);
        }
        KeyFiles.writeAtomically(stateDir.resolve(PINNED_KEYS_FILE), KeySet.of(key).toJson(), false);
        return new LicenseAuthority(db, key, ISSUER, clock);
    }
}

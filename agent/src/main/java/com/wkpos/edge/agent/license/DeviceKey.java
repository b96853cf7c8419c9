package com.wkpos.edge.agent.license;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The box's own Ed25519 key, made at first start and kept in the state directory (owner-only). HQ
 * activates the box by this key's thumbprint, the box signs its renewal requests and its persisted
 * license state with it; the private half never leaves the box.
 */
public final class DeviceKey {
    public static final String FILE = "license/device.key.jwk";

    private DeviceKey() {
    }

    public static Ed25519Key loadOrCreate(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        if (Files.exists(file)) {
            return KeyFiles.readPrivate(file);
        }
        Ed25519Key key = Ed25519Key.generate(new SecureRandom());
        KeyFiles.writePrivate(file, key);
        return key;
    }
}

package com.wkpos.edge.provisioning.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pinned public keys by key id: a JWK Set ({@code {"keys":[…]}}, RFC 7517 §5). Several keys let HQ
 * rotate its signing key: boxes pin the new key next to the old one before HQ switches. Immutable.
 */
public final class KeySet {
    /** A pinned-keys file larger than this is refused unread. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private final Map<String, Ed25519Key> byKid;

    public KeySet(List<Ed25519Key> keys) {
        Map<String, Ed25519Key> map = new LinkedHashMap<>();
        for (Ed25519Key k : keys) {
            map.put(k.kid(), k.publicOnly());
        }
        this.byKid = Map.copyOf(map);
    }

    public static KeySet of(Ed25519Key... keys) {
        return new KeySet(List.of(keys));
    }

    public Optional<Ed25519Key> find(String kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    public boolean isEmpty() {
        return byKid.isEmpty();
    }

    public List<String> kids() {
        return byKid.keySet().stream().sorted().toList();
    }

    /** @throws IllegalArgumentException naming the bad key */
    public static KeySet parse(byte[] json) {
        JsonNode keys = StrictJson.object(json).get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException("a JWK Set needs a 'keys' array");
        }
        List<Ed25519Key> list = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode jwk = keys.get(i);
            if (jwk.has("d")) {
                throw new IllegalArgumentException("keys[" + i + "] holds a private key; pin public keys only");
            }
            try {
                list.add(Ed25519Key.fromJwk(jwk));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("keys[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new KeySet(list);
    }

    /** @throws IllegalArgumentException when the file cannot be read or is not a JWK Set of Ed25519 keys */
    public static KeySet read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read pinned keys " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The JWK Set document of these public keys. */
    public byte[] toJson() {
        List<Map<String, String>> keys = byKid.values().stream()
                .sorted(java.util.Comparator.comparing(Ed25519Key::kid)).map(k -> k.toJwk(false)).toList();
        return StrictJson.bytes(Map.of("keys", keys));
    }
}

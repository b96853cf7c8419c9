package com.wkpos.edge.agent.license;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeyFiles;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import com.wkpos.edge.provisioning.license.RenewalReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The license state that must survive a restart — trusted last-seen time and HQ's last signed word —
 * signed with the device key, so editing the file (to move "last seen" back) is detected. A file
 * that fails its signature is ignored and reported; the fall-back floors (the license's issue time)
 * are stricter, never more lenient.
 */
record StateFile(Instant lastSeen, Optional<Instant> lastReply, RenewalReply.Status standing, String standingDetail) {
    static final String FILE = "license/state.json";

    /** Reads and checks the file; empty when there is none; throws when it exists but does not verify. */
    static Optional<StateFile> read(Path stateDir, Ed25519Key deviceKey) {
        Path file = stateDir.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            ObjectNode o = StrictJson.object(bytes);
            String sig = o.required("sig").asText();
            o.remove("sig");
            if (!deviceKey.verify(StrictJson.bytes(o), Base64Url.decode(sig))) {
                throw new IllegalStateException(file + " does not verify with this box's key (edited or copied)");
            }
            Optional<Instant> reply = o.hasNonNull("lastReply")
                    ? Optional.of(Instant.ofEpochMilli(o.get("lastReply").asLong())) : Optional.empty();
            return Optional.of(new StateFile(Instant.ofEpochMilli(o.required("lastSeen").asLong()), reply,
                    RenewalReply.Status.valueOf(o.required("standing").asText()), o.required("detail").asText()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " is unreadable: " + e.getMessage(), e);
        }
    }

    void write(Path stateDir, Ed25519Key deviceKey) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lastSeen", lastSeen.toEpochMilli());
        o.put("lastReply", lastReply.map(Instant::toEpochMilli).orElse(null));
        o.put("standing", standing.name());
        o.put("detail", standingDetail);
        o.put("sig", Base64Url.encode(deviceKey.sign(StrictJson.bytes(o))));
        KeyFiles.writeAtomically(stateDir.resolve(FILE), StrictJson.bytes(o), true);
    }
}

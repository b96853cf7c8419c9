package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The users section as the console edits it: a list without PIN hashes to show, and a new list where
 * each user brings a clear {@code pin} (hashed here, Argon2id, and never stored or sent on) or keeps
 * the hash HQ already has for that id.
 */
final class StaffUsers {
    private StaffUsers() {
    }

    static List<Map<String, Object>> view(Optional<JsonNode> users) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode u : users.orElse(SyncCodec.MAPPER.createArrayNode())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", u.path("id").asText());
            row.put("name", u.path("name").asText());
            row.put("role", u.path("role").asText());
            out.add(row);
        }
        return out;
    }

    /**
     * The section to publish: {@code pin} replaced by its hash; a user without one keeps its current hash.
     *
     * @throws HqApiException 422 when a PIN is malformed, or a new user has none
     */
    static JsonNode withHashes(JsonNode list, Optional<JsonNode> current) {
        Map<String, String> hashes = new HashMap<>();
        for (JsonNode u : current.orElse(SyncCodec.MAPPER.createArrayNode())) {
            hashes.put(u.path("id").asText(), u.path("pinHash").asText());
        }
        ArrayNode out = SyncCodec.MAPPER.createArrayNode();
        int i = 0;
        for (JsonNode item : list) {
            String at = "users[" + i++ + "]";
            if (!item.isObject()) {
                throw new HqApiException(422, "invalid-section", at + " must be an object");
            }
            ObjectNode u = ((ObjectNode) item).deepCopy();
            if (u.has("pin")) {
                String pin = u.remove("pin").asText("");
                try {
                    PinHash.requireWellFormed(pin);
                } catch (IllegalArgumentException e) {
                    throw new HqApiException(422, "invalid-section", at + ": " + e.getMessage());
                }
                u.put("pinHash", PinHash.hash(pin));
            } else if (!u.hasNonNull("pinHash")) {
                String kept = hashes.get(u.path("id").asText());
                if (kept == null) {
                    throw new HqApiException(422, "invalid-section", at + " (" + u.path("id").asText()
                            + ") is a new user and needs a pin");
                }
                u.put("pinHash", kept);
            }
            out.add(u);
        }
        return out;
    }
}

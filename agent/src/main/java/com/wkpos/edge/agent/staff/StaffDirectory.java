package com.wkpos.edge.agent.staff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The branch's users: a small versioned set, read from the branch configuration today and replaced
 * as a whole when HQ pushes a newer version (sync). File format:
 * {@code {"version": 1, "users": [{"id", "name", "role", "pinHash"}]}}. Immutable.
 */
public record StaffDirectory(long version, Map<String, StaffMember> users) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public StaffDirectory {
        users = Map.copyOf(users);
        if (version < 0) {
            throw new IllegalArgumentException("staff version must be >= 0, was " + version);
        }
    }

    public static StaffDirectory empty() {
        return new StaffDirectory(0, Map.of());
    }

    /** @throws IllegalArgumentException naming the file and the bad entry */
    public static StaffDirectory read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(MAPPER.readTree(in), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read staff file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The demo branch's cashier (PIN 1111) and manager (PIN 9999), shipped with the agent. */
    public static StaffDirectory demo() {
        try (InputStream in = StaffDirectory.class.getResourceAsStream("/demo/staff.json")) {
            if (in == null) {
                throw new IllegalStateException("demo/staff.json is missing from the build");
            }
            return parse(MAPPER.readTree(in), "demo staff");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo staff", e);
        }
    }

    /**
     * HQ's {@code users} section (a list of {@code {"id", "name", "role", "pinHash"}}) as directory
     * {@code version}. A user that carries a clear {@code pin} is refused as a whole: PINs never travel.
     *
     * @throws IllegalArgumentException naming the bad user
     */
    public static StaffDirectory fromHq(long version, JsonNode users) {
        if (!users.isArray()) {
            throw new IllegalArgumentException("HQ users must be a list");
        }
        for (JsonNode u : users) {
            if (u.has("pin")) {
                throw new IllegalArgumentException("HQ user " + u.path("id").asText("?") + " carries a clear PIN;"
                        + " only Argon2id pinHash values are accepted");
            }
        }
        com.fasterxml.jackson.databind.node.ObjectNode doc = MAPPER.createObjectNode().put("version", version);
        doc.set("users", users);
        return parse(doc, "HQ users version " + version);
    }

    static StaffDirectory parse(JsonNode doc, String where) {
        if (!doc.path("version").canConvertToLong() || !doc.path("users").isArray()) {
            throw new IllegalArgumentException(where + ": needs a numeric 'version' and a 'users' list");
        }
        Map<String, StaffMember> users = new LinkedHashMap<>();
        for (JsonNode u : doc.get("users")) {
            try {
                StaffMember m = new StaffMember(u.path("id").asText(null), u.path("name").asText(null),
                        Role.valueOf(u.path("role").asText("").toUpperCase(Locale.ROOT)), u.path("pinHash").asText(null));
                if (users.putIfAbsent(m.id(), m) != null) {
                    throw new IllegalArgumentException("staff id " + m.id() + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new StaffDirectory(doc.get("version").asLong(), users);
    }

    public Optional<StaffMember> find(String id) {
        return Optional.ofNullable(id).map(users::get);
    }
}

package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Downstream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What HQ checks before it signs a users or exchange-rates section, so a branch never has to refuse a
 * version HQ already published (the branch checks again). Users carry Argon2id PIN hashes, never PINs.
 */
final class SectionChecks {
    private static final Set<String> ROLES = Set.of("CASHIER", "MANAGER", "ADMIN");

    private SectionChecks() {
    }

    static List<String> problems(String section, JsonNode list) {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        for (JsonNode item : list) {
            String at = section + "[" + i++ + "]";
            if (section.equals(Downstream.USERS)) {
                user(at, item, seen, problems);
            } else {
                rate(at, item, seen, problems);
            }
        }
        return problems;
    }

    private static void user(String at, JsonNode u, Set<String> seen, List<String> problems) {
        String id = u.path("id").asText("");
        if (!id.matches("[A-Za-z0-9_.-]{1,64}")) {
            problems.add(at + ".id must be 1-64 letters, digits, '.', '_' or '-'");
        } else if (!seen.add(id)) {
            problems.add(at + ".id " + id + " appears twice");
        }
        if (u.path("name").asText("").isBlank()) {
            problems.add(at + ".name is required");
        }
        if (!ROLES.contains(u.path("role").asText("").toUpperCase(java.util.Locale.ROOT))) {
            problems.add(at + ".role must be one of " + ROLES);
        }
        if (u.has("pin")) {
            problems.add(at + " carries a clear pin: send only pinHash (wk-edge staff hash-pin)");
        }
        if (!u.path("pinHash").asText("").startsWith("$argon2id$")) {
            problems.add(at + ".pinHash must be an Argon2id hash ($argon2id$…)");
        }
    }

    private static void rate(String at, JsonNode r, Set<String> seen, List<String> problems) {
        String currency = r.path("currency").asText("");
        if (!currency.matches("[A-Z]{3}")) {
            problems.add(at + ".currency must be an ISO 4217 code");
        } else if (!seen.add(currency)) {
            problems.add(at + ".currency " + currency + " appears twice");
        }
        try {
            if (new BigDecimal(r.path("rate").asText("")).signum() <= 0) {
                problems.add(at + ".rate must be positive");
            }
        } catch (NumberFormatException e) {
            problems.add(at + ".rate must be a decimal number such as \"1.05\"");
        }
    }
}

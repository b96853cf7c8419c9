package com.wkpos.edge.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * One version of a tenant's downstream data (HQ → branches, always inside a {@link SignedMessage}).
 * A snapshot carries every section whole; a delta carries only what changed since {@code baseVersion}
 * ({@code version - 1}). A branch applies a delta only on top of its base and pulls on a gap.
 *
 * <p>Sections: {@value #CATALOG} (the whole catalog document: products, categories, promotions, tax
 * rates), {@value #PRICES} (delta only: {@code [{sku, amount, branches[]}]}, empty branches meaning
 * all), {@value #EXCHANGE_RATES} and {@value #USERS} (whole section when present). Other sections
 * pass through to whoever registered for them at the branch.
 */
public record Downstream(String tenant, long version, long baseVersion, boolean snapshot, String issuedAt,
                         Map<String, JsonNode> sections) {
    public static final String CATALOG = "catalog";
    public static final String PRICES = "prices";
    public static final String EXCHANGE_RATES = "exchangeRates";
    public static final String USERS = "users";

    public Downstream {
        Topics.requireId("tenant", tenant);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        if (!snapshot && baseVersion != version - 1) {
            throw new IllegalArgumentException("a delta to version " + version + " must be based on " + (version - 1)
                    + ", was " + baseVersion);
        }
        sections = sections == null ? Map.of() : new TreeMap<>(sections);
    }

    /** A short description for logs: {@code delta 41→42 [prices]}. */
    public String describe() {
        return (snapshot ? "snapshot " + version : "delta " + baseVersion + "→" + version) + " " + sections.keySet();
    }
}

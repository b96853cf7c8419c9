package com.wkpos.edge.agent.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.sync.CustomerMerge;
import com.wkpos.edge.protocol.CustomerProfile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The till's customers as profiles that travel between branches. A profile's version is the HLC and
 * device of the entry that last wrote it; a profile from elsewhere is journaled as a customer entry
 * carrying its original {@code hlc} and {@code device}, so it keeps its writer when it travels on
 * (HQ then sees nothing new and the change does not echo back). Totals stay with the branch.
 */
public final class CustomerProfiles implements CustomerMerge.Store {
    static final List<String> FIELDS = List.of("name", "email", "phone");
    private final Journal journal;
    private final Clock clock;

    public CustomerProfiles(Journal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** The profile as last written, or empty for a customer this branch has never seen. */
    @Override
    public Optional<CustomerProfile> find(String id) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT hlc, device_id, payload FROM journal"
                    + " WHERE type IN (?, ?) AND json_extract(payload, '$.customerId') = ? ORDER BY seq DESC LIMIT 1")) {
                ps.setString(1, Customers.CREATED);
                ps.setString(2, Customers.UPDATED);
                ps.setString(3, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    JsonNode p = CanonicalJson.read(rs.getString(3));
                    Map<String, String> fields = new TreeMap<>();
                    FIELDS.forEach(f -> {
                        if (p.hasNonNull(f)) {
                            fields.put(f, p.get(f).asText());
                        }
                    });
                    long hlc = p.path("hlc").canConvertToLong() ? p.get("hlc").asLong() : rs.getLong(1);
                    String device = p.hasNonNull("device") ? p.get("device").asText() : rs.getString(2);
                    return Optional.of(new CustomerProfile(id, hlc, device, fields));
                }
            }
        });
    }

    /**
     * Journals a profile from elsewhere: creates the customer (no purchases here yet) or updates its details.
     *
     * @throws IllegalArgumentException when the profile has no name (the till needs one)
     */
    @Override
    public void put(CustomerProfile profile) {
        String name = profile.fields().get("name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("customer " + profile.id() + " from HQ has no name");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("customerId", profile.id());
        p.put("name", name.strip());
        p.put("email", profile.fields().get("email"));
        p.put("phone", profile.fields().get("phone"));
        p.put("actor", "hq");
        p.put("at", clock.instant().toString());
        p.put("hlc", profile.hlc());
        p.put("device", profile.device());
        journal.submit(tx -> {
            PreparedStatement ps = tx.statement("SELECT 1 FROM customers WHERE id = ?");
            ps.setString(1, profile.id());
            boolean known;
            try (ResultSet rs = ps.executeQuery()) {
                known = rs.next();
            }
            tx.append(known ? Customers.UPDATED : Customers.CREATED, p);
            return null;
        }).join();
    }
}

package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.protocol.CustomerProfile;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.SyncCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's downstream data as versions: each change (catalog import, price set, a whole section)
 * is version N+1, stored with the full state after it and the delta that leads to it. Branches get the
 * delta; one that missed a version gets the deltas since its own, or a snapshot when that is shorter.
 * Branch-only prices travel in the tenant's delta (so every branch's version chain stays gapless)
 * naming the branches they apply to, and are folded into that branch's snapshot.
 */
final class Downstreams {
    static final int MAX_DELTAS_PER_PULL = 20;
    static final String CUSTOMERS = "customers";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final HqDatabase db;
    private final Clock clock;

    Downstreams(HqDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    long head(String tenant) {
        return db.inTransaction(c -> headVersion(c, tenant));
    }

    /** Replaces the catalog (problems are checked by {@link CatalogChecks}). */
    Downstream importCatalog(String tenant, JsonNode catalog) {
        return next(tenant, (state, delta) -> {
            state.set(Downstream.CATALOG, catalog);
            delta.set(Downstream.CATALOG, catalog);
            return List.of();
        });
    }

    /** Replaces a whole section such as exchange rates or users. */
    Downstream setSection(String tenant, String section, JsonNode value) {
        return next(tenant, (state, delta) -> {
            state.set(section, value);
            delta.set(section, value);
            return List.of();
        });
    }

    /**
     * Customer profiles that became the last writer at HQ: the state keeps every tenant customer's winning
     * profile (so a snapshot brings a new branch all of them), the delta only these.
     */
    Downstream customers(String tenant, List<CustomerProfile> profiles) {
        return next(tenant, (state, delta) -> {
            ObjectNode all = state.has(CUSTOMERS) ? (ObjectNode) state.get(CUSTOMERS) : state.putObject(CUSTOMERS);
            ObjectNode changed = delta.putObject(CUSTOMERS);
            for (CustomerProfile p : profiles) {
                ObjectNode node = JSON.objectNode().put("hlc", p.hlc()).put("device", p.device());
                node.set("fields", SyncCodec.MAPPER.valueToTree(p.fields()));
                JsonNode held = all.get(p.id());
                if (held == null || p.supersedes(new CustomerProfile(p.id(), held.path("hlc").asLong(),
                        held.path("device").asText(), Map.of()))) {
                    all.set(p.id(), node);
                }
                changed.set(p.id(), node);
            }
            return List.of();
        });
    }

    /**
     * Sets {@code sku}'s price for the whole tenant (no branches) or only for {@code branches}.
     *
     * @throws IllegalArgumentException when the catalog in force has no such SKU
     */
    Downstream setPrice(String tenant, String sku, long amount, List<String> branches) {
        return next(tenant, (state, delta) -> {
            ObjectNode variant = variant(state, sku)
                    .orElseThrow(() -> new NoSuchSkuException("no sku " + sku + " in tenant " + tenant + "'s catalog"));
            if (branches.isEmpty()) {
                variant.put("price", amount);
            }
            ObjectNode change = JSON.objectNode().put("sku", sku).put("amount", amount);
            ArrayNode names = change.putArray("branches");
            branches.forEach(names::add);
            delta.putArray(Downstream.PRICES).add(change);
            return branches;
        });
    }

    /** What a branch at {@code since} needs: the deltas after it, or a snapshot when too many or unknown. */
    List<Downstream> since(String tenant, String branch, long since) {
        return db.inTransaction(c -> {
            long head = headVersion(c, tenant);
            if (head == 0 || since >= head) {
                return List.of();
            }
            if (since < 1 || head - since > MAX_DELTAS_PER_PULL) {
                return List.of(snapshot(c, tenant, branch, head));
            }
            List<Downstream> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT delta FROM hq_versions WHERE tenant = ? AND version > ?"
                    + " ORDER BY version")) {
                ps.setString(1, tenant);
                ps.setLong(2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(SyncCodec.decode(rs.getBytes(1), Downstream.class));
                    }
                }
            }
            return out;
        });
    }

    /** Each tenant's newest version as it was published, to publish again (retained) when HQ reconnects. */
    List<Downstream> heads() {
        return db.inTransaction(c -> {
            List<Downstream> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT v.delta FROM hq_versions v WHERE v.version ="
                    + " (SELECT MAX(w.version) FROM hq_versions w WHERE w.tenant = v.tenant) ORDER BY v.tenant");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(SyncCodec.decode(rs.getBytes(1), Downstream.class));
                }
            }
            return out;
        });
    }

    /** The tenant's current catalog (with nothing branch-specific), or empty before the first import. */
    Optional<JsonNode> catalog(String tenant) {
        return section(tenant, Downstream.CATALOG);
    }

    /** The tenant's current value of a whole section, or empty before it was first published. */
    Optional<JsonNode> section(String tenant, String section) {
        return db.inTransaction(c -> state(c, tenant, headVersion(c, tenant)))
                .map(s -> s.get(section)).filter(n -> n != null && !n.isNull());
    }

    static Optional<ObjectNode> variant(JsonNode state, String sku) {
        for (JsonNode product : state.path(Downstream.CATALOG).path("products")) {
            for (JsonNode v : product.path("variants")) {
                if (sku.equals(v.path("sku").asText()) && v instanceof ObjectNode o) {
                    return Optional.of(o);
                }
            }
        }
        return Optional.empty();
    }

    private interface Change {
        /** Edits the new state and fills the delta; returns the branches a price applies to only. */
        List<String> apply(ObjectNode state, ObjectNode delta);
    }

    private Downstream next(String tenant, Change change) {
        return db.inTransaction(c -> {
            long head = headVersion(c, tenant);
            ObjectNode state = state(c, tenant, head).orElseGet(JSON::objectNode);
            ObjectNode sections = JSON.objectNode();
            List<String> branchOnly = change.apply(state, sections);
            long version = head + 1;
            if (state.get(Downstream.CATALOG) instanceof ObjectNode catalog) {
                catalog.put("version", version);
            }
            Downstream delta = new Downstream(tenant, version, head, false, clock.instant().toString(), fields(sections));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_versions (tenant, version, state, delta,"
                    + " created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, tenant);
                ps.setLong(2, version);
                ps.setString(3, SyncCodec.encodeString(state));
                ps.setString(4, SyncCodec.encodeString(delta));
                ps.setString(5, clock.instant().toString());
                ps.executeUpdate();
            }
            for (String branch : branchOnly) {
                JsonNode p = sections.get(Downstream.PRICES).get(0);
                branchPrice(c, tenant, branch, p.get("sku").asText(), p.get("amount").asLong(), version);
            }
            return delta;
        });
    }

    private static void branchPrice(Connection c, String tenant, String branch, String sku, long amount, long version)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_branch_prices (tenant, branch, sku, amount, version)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant, branch, sku) DO UPDATE SET amount = excluded.amount,"
                + " version = excluded.version")) {
            ps.setString(1, tenant);
            ps.setString(2, branch);
            ps.setString(3, sku);
            ps.setLong(4, amount);
            ps.setLong(5, version);
            ps.executeUpdate();
        }
    }

    private static Downstream snapshot(Connection c, String tenant, String branch, long head) throws SQLException {
        ObjectNode state = state(c, tenant, head).orElseThrow();
        try (PreparedStatement ps = c.prepareStatement("SELECT sku, amount FROM hq_branch_prices WHERE tenant = ?"
                + " AND branch = ?")) {
            ps.setString(1, tenant);
            ps.setString(2, branch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sku = rs.getString(1);
                    long amount = rs.getLong(2);
                    variant(state, sku).ifPresent(v -> v.put("price", amount));
                }
            }
        }
        return new Downstream(tenant, head, 0, true, null, fields(state));
    }

    private static Map<String, JsonNode> fields(ObjectNode node) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static long headVersion(Connection c, String tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(version) FROM hq_versions WHERE tenant = ?")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static Optional<ObjectNode> state(Connection c, String tenant, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT state FROM hq_versions WHERE tenant = ? AND version = ?")) {
            ps.setString(1, tenant);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of((ObjectNode) SyncCodec.MAPPER.readTree(rs.getString(1))) : Optional.empty();
            } catch (java.io.IOException e) {
                throw new SQLException("stored state of " + tenant + " version " + version + " is not JSON", e);
            }
        }
    }

    /** The price set names a SKU the catalog does not have. */
    static final class NoSuchSkuException extends IllegalArgumentException {
        NoSuchSkuException(String message) {
            super(message);
        }
    }
}

package com.wkpos.edge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.agent.catalog.CatalogDocument;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SyncCodec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * Applies HQ's signed downstream versions at the branch: the signature is checked against the pinned
 * key before anything is parsed; a version at or below the one in force is ignored; a delta applies
 * only on top of the version before it (otherwise the caller pulls); a snapshot applies on anything.
 * The catalog goes through {@link Catalogs} (journaled, swapped after commit; sales keep the prices they
 * were rung up with), the other sections to their registered {@link DownstreamSection}.
 */
public final class DownstreamApplier {
    /** What became of one message. */
    public enum Outcome { APPLIED, ALREADY_HAVE, GAP, REJECTED }

    private final Ed25519.Verifier verifier;
    private final Catalogs catalogs;
    private final Journal journal;
    private final String tenant;
    private final String branch;
    private final String currency;
    private final SyncState state;
    private final Map<String, DownstreamSection> sections = new ConcurrentHashMap<>();
    private final Map<Outcome, AtomicLong> counts = new ConcurrentHashMap<>();
    private volatile String lastRejection = "";

    DownstreamApplier(Ed25519.Verifier verifier, Catalogs catalogs, Journal journal, String tenant, String branch,
                      String currency, SyncState state) {
        this.verifier = verifier;
        this.catalogs = catalogs;
        this.journal = journal;
        this.tenant = tenant;
        this.branch = branch;
        this.currency = currency;
        this.state = state;
    }

    void register(DownstreamSection section) {
        if (sections.putIfAbsent(section.name(), section) != null) {
            throw new IllegalStateException("downstream section " + section.name() + " registered twice");
        }
    }

    /** Checks and applies one message; never throws for bad input. */
    synchronized Outcome accept(byte[] payload) {
        Outcome o = decide(payload);
        counts.computeIfAbsent(o, k -> new AtomicLong()).incrementAndGet();
        return o;
    }

    private Outcome decide(byte[] payload) {
        Downstream d;
        try {
            d = SyncCodec.decode(payload, SignedMessage.class).open(verifier, Downstream.class);
        } catch (SyncCodec.MalformedMessageException e) {
            return reject("refused downstream message: " + e.getMessage());
        }
        if (!d.tenant().equals(tenant)) {
            return reject("refused " + d.describe() + " for tenant " + d.tenant() + " (this branch is in " + tenant + ")");
        }
        long have = state.downstreamVersion();
        if (d.version() <= have) {
            Logger.debug("ignoring {}: version {} in force", d.describe(), have);
            return Outcome.ALREADY_HAVE;
        }
        if (!d.snapshot() && d.baseVersion() != have) {
            Logger.info("{} does not sit on version {} in force: pulling", d.describe(), have);
            return Outcome.GAP;
        }
        try {
            apply(d);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return reject("refused " + d.describe() + ": " + e.getMessage());
        }
        state.downstreamVersion(d.version());
        Logger.info("applied HQ {}", d.describe());
        return Outcome.APPLIED;
    }

    private void apply(Downstream d) {
        Optional<ObjectNode> catalog = nextCatalog(d);
        if (catalog.isPresent()) {
            ObjectNode doc = catalog.get();
            doc.put("version", d.version());
            CatalogDocument parsed;
            try {
                parsed = CanonicalJson.MAPPER.treeToValue(doc, CatalogDocument.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("catalog is not a catalog document: " + e.getOriginalMessage(), e);
            }
            catalogs.load(parsed, "HQ version " + d.version(), currency);
        }
        for (Map.Entry<String, JsonNode> s : d.sections().entrySet()) {
            if (s.getKey().equals(Downstream.CATALOG) || s.getKey().equals(Downstream.PRICES)) {
                continue;
            }
            DownstreamSection section = sections.get(s.getKey());
            if (section == null) {
                Logger.debug("no one at this branch takes downstream section {} (version {})", s.getKey(), d.version());
            } else {
                section.apply(d.version(), s.getValue());
            }
        }
    }

    /** The catalog after this version, or empty when the version leaves it alone. */
    private Optional<ObjectNode> nextCatalog(Downstream d) {
        JsonNode whole = d.sections().get(Downstream.CATALOG);
        JsonNode prices = d.sections().get(Downstream.PRICES);
        if (whole == null && prices == null) {
            return Optional.empty();
        }
        ObjectNode doc = whole != null ? whole.deepCopy() : currentDocument()
                .orElseThrow(() -> new IllegalStateException("a price delta needs a catalog in force"));
        if (prices != null) {
            for (JsonNode change : prices) {
                if (appliesHere(change.path("branches"))) {
                    setPrice(doc, change.path("sku").asText(), change.path("amount").asLong());
                }
            }
        }
        return Optional.of(doc);
    }

    private boolean appliesHere(JsonNode branches) {
        if (!branches.isArray() || branches.isEmpty()) {
            return true;
        }
        for (JsonNode b : branches) {
            if (b.asText().equals(branch)) {
                return true;
            }
        }
        return false;
    }

    private static void setPrice(ObjectNode doc, String sku, long amount) {
        for (JsonNode product : doc.path("products")) {
            for (JsonNode v : product.path("variants")) {
                if (sku.equals(v.path("sku").asText()) && v instanceof ObjectNode o) {
                    o.put("price", amount);
                    return;
                }
            }
        }
        throw new IllegalArgumentException("price change for sku " + sku + " which the catalog in force lacks");
    }

    private Optional<ObjectNode> currentDocument() {
        return journal.read(c -> {
            try (var ps = c.prepareStatement("SELECT document FROM catalog WHERE id = 1"); var rs = ps.executeQuery()) {
                return rs.next() ? Optional.of((ObjectNode) CanonicalJson.read(rs.getString(1))) : Optional.empty();
            }
        });
    }

    private Outcome reject(String why) {
        lastRejection = why;
        Logger.warn(why);
        return Outcome.REJECTED;
    }

    long count(Outcome o) {
        AtomicLong n = counts.get(o);
        return n == null ? 0 : n.get();
    }

    String lastRejection() {
        return lastRejection;
    }

    List<String> sectionNames() {
        return List.copyOf(sections.keySet());
    }
}

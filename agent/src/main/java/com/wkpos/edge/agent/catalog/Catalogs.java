package com.wkpos.edge.agent.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.HashChain;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.stock.Stock;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.tinylog.Logger;

/**
 * The catalog in force at this branch. A new catalog is a {@code catalog.loaded} journal entry; the
 * in-memory {@link Catalog} is swapped only after that entry committed. Sales keep the prices they
 * were rung up with: changing the catalog never changes a recorded sale.
 */
public final class Catalogs {
    public static final String LOADED = "catalog.loaded";

    private final Journal journal;
    private final AtomicReference<Catalog> current;

    private Catalogs(Journal journal, Catalog initial) {
        this.journal = journal;
        this.current = new AtomicReference<>(initial);
    }

    /** Registers the catalog projection: the document, and opening stock for SKUs seen the first time. */
    public static void register(Projections.Builder projections) {
        projections.on(LOADED, Catalogs::project).table("catalog", "id", "seq");
    }

    /** Reads the catalog in force from the journal's projection (empty before the first load). */
    public static Catalogs open(Journal journal, String currency) {
        Catalog initial = journal.read(c -> {
            try (var ps = c.prepareStatement("SELECT document, sha256 FROM catalog WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Catalog.empty(currency);
                }
                return Catalog.of(CatalogFile.parse(rs.getString(1).getBytes(StandardCharsets.UTF_8), "journal"),
                        rs.getString(2));
            }
        });
        return new Catalogs(journal, initial);
    }

    public Catalog current() {
        return current.get();
    }

    /**
     * Journals {@code doc} as the catalog in force unless it is the same as the current one.
     *
     * @return true if a new catalog was loaded
     * @throws IllegalArgumentException if the document is invalid or in another currency than the branch
     */
    public boolean load(CatalogDocument doc, String source, String branchCurrency) {
        if (!doc.problems().isEmpty()) {
            throw new IllegalArgumentException("invalid catalog from " + source + ": " + String.join("; ", doc.problems()));
        }
        if (!doc.currency().equals(branchCurrency)) {
            throw new IllegalArgumentException("catalog from " + source + " is in " + doc.currency()
                    + " but the branch sells in " + branchCurrency);
        }
        JsonNode tree = CanonicalJson.tree(doc);
        String sha = HashChain.sha256Hex(CanonicalJson.write(tree).getBytes(StandardCharsets.UTF_8));
        if (sha.equals(current.get().sha256())) {
            return false;
        }
        Catalog next = Catalog.of(doc, sha);
        journal.submit(tx -> {
            tx.append(LOADED, Map.of("version", doc.version(), "sha256", sha, "source", source,
                    "loadedAt", tx.clock().instant().toString(), "document", tree));
            tx.afterCommit(() -> current.set(next));
            return null;
        }).join();
        Logger.info("catalog version {} loaded from {}: {} items, {} promotions", doc.version(), source, next.size(),
                doc.promotions().size());
        return true;
    }

    private static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        JsonNode document = p.required("document");
        var upsert = ctx.statement("INSERT INTO catalog (id, version, sha256, document, seq) VALUES (1, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET version = excluded.version, sha256 = excluded.sha256,"
                + " document = excluded.document, seq = excluded.seq");
        upsert.setLong(1, p.required("version").asLong());
        upsert.setString(2, p.required("sha256").asText());
        upsert.setString(3, CanonicalJson.write(document));
        upsert.setLong(4, e.seq());
        upsert.executeUpdate();
        String at = p.required("loadedAt").asText();
        int opened = 0;
        for (JsonNode product : document.required("products")) {
            for (JsonNode v : product.required("variants")) {
                long stock = v.path("stock").asLong(0);
                long reorder = v.path("reorderLevel").asLong(0);
                if (Stock.openIfNew(ctx, e, v.required("sku").asText(), stock, reorder, at)) {
                    opened++;
                }
            }
        }
        Audit.record(ctx, e, at, "system", "catalog.load", "catalog:" + p.required("version").asLong(),
                "source=" + p.required("source").asText() + " sha256=" + p.required("sha256").asText()
                        + " newSkus=" + opened);
    }
}

package com.wkpos.edge.agent.catalog;

import com.wkpos.edge.agent.catalog.CatalogDocument.Promotion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An immutable, validated catalog in memory: look-up by SKU and barcode, search, promotions. Thread-safe. */
public final class Catalog {
    private final long version;
    private final String sha256;
    private final String currency;
    private final Map<String, Item> bySku;
    private final Map<String, Item> byBarcode;
    private final List<Promotion> promotions;
    private final Map<String, String> categoryNames;

    private Catalog(long version, String sha256, String currency, Map<String, Item> bySku,
                    Map<String, Item> byBarcode, List<Promotion> promotions, Map<String, String> categoryNames) {
        this.categoryNames = categoryNames;
        this.version = version;
        this.sha256 = sha256;
        this.currency = currency;
        this.bySku = bySku;
        this.byBarcode = byBarcode;
        this.promotions = promotions;
    }

    /** A catalog with nothing to sell, before the first one is loaded. */
    public static Catalog empty(String currency) {
        return new Catalog(0, "", currency, Map.of(), Map.of(), List.of(), Map.of());
    }

    /** @throws IllegalArgumentException listing the document's problems */
    public static Catalog of(CatalogDocument doc, String sha256) {
        List<String> problems = doc.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid catalog: " + String.join("; ", problems));
        }
        Map<String, CatalogDocument.TaxRate> taxes = new HashMap<>();
        doc.taxRates().forEach(t -> taxes.put(t.code(), t));
        Map<String, String> parents = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        doc.categories().forEach(c -> {
            parents.put(c.id(), c.parent());
            if (c.name() != null) {
                // a category without a name shows as its id (categoryName)
                names.put(c.id(), c.name());
            }
        });
        Map<String, Item> bySku = new LinkedHashMap<>();
        Map<String, Item> byBarcode = new HashMap<>();
        for (CatalogDocument.Product p : doc.products()) {
            List<String> lineage = lineage(p.category(), parents);
            for (CatalogDocument.Variant v : p.variants()) {
                String name = v.name() == null || v.name().isBlank() || p.name().endsWith(v.name()) ? p.name()
                        : p.name() + " " + v.name();
                Item item = new Item(v.sku(), name, v.barcode(), v.price(), p.taxRate(),
                        taxes.get(p.taxRate()).basisPoints(), p.taxInclusive(), p.id(), lineage,
                        Boolean.TRUE.equals(v.serialized()));
                bySku.put(v.sku(), item);
                if (v.barcode() != null) {
                    byBarcode.put(v.barcode(), item);
                }
            }
        }
        return new Catalog(doc.version(), sha256, doc.currency(), Map.copyOf(bySku), Map.copyOf(byBarcode),
                List.copyOf(doc.promotions()), Map.copyOf(names));
    }

    private static List<String> lineage(String category, Map<String, String> parents) {
        List<String> out = new ArrayList<>();
        for (String c = category; c != null && !out.contains(c); c = parents.get(c)) {
            out.add(c);
        }
        return List.copyOf(out);
    }

    /** A category's name as staff and reports read it; its id where the catalog does not know it. */
    public String categoryName(String id) {
        return categoryNames.getOrDefault(id, id);
    }

    /** A promotion's name; its id where the catalog does not know it (any more). */
    public String promotionName(String id) {
        return promotions.stream().filter(p -> p.id().equals(id)).map(Promotion::name).findFirst().orElse(id);
    }

    public long version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }

    public String currency() {
        return currency;
    }

    public Optional<Item> bySku(String sku) {
        return Optional.ofNullable(bySku.get(sku));
    }

    public Optional<Item> byBarcode(String barcode) {
        return Optional.ofNullable(byBarcode.get(barcode));
    }

    public Collection<Item> items() {
        return bySku.values();
    }

    public List<Promotion> promotions() {
        return promotions;
    }

    public int size() {
        return bySku.size();
    }

    /**
     * Items whose SKU, barcode or name contains every word of {@code query} (case-insensitive),
     * exact SKU and barcode matches first; at most {@code limit}.
     */
    public List<Item> search(String query, int limit) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        String[] words = q.isEmpty() ? new String[0] : q.split("\\s+");
        List<Item> exact = new ArrayList<>();
        List<Item> rest = new ArrayList<>();
        for (Item item : bySku.values()) {
            String hay = (item.sku() + " " + (item.barcode() == null ? "" : item.barcode()) + " " + item.name())
                    .toLowerCase(Locale.ROOT);
            boolean all = true;
            for (String w : words) {
                if (!hay.contains(w)) {
                    all = false;
                    break;
                }
            }
            if (!all) {
                continue;
            }
            if (item.sku().equalsIgnoreCase(q) || q.equals(item.barcode())) {
                exact.add(item);
            } else {
                rest.add(item);
            }
        }
        rest.sort(java.util.Comparator.comparing(Item::name));
        exact.addAll(rest);
        return exact.subList(0, Math.min(limit, exact.size()));
    }
}

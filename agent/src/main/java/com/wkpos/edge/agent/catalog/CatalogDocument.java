package com.wkpos.edge.agent.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog as it travels: a JSON file today, HQ's signed pushes later. Amounts are minor units of
 * {@code currency}; tax rates are basis points. {@link #problems()} lists everything wrong with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CatalogDocument(Long version, String currency, List<TaxRate> taxRates, List<Category> categories,
                              List<Product> products, List<Promotion> promotions) {
    static final long MAX_PRICE = 1_000_000_000L;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record TaxRate(String code, String name, Integer basisPoints) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Category(String id, String name, String parent) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Product(String id, String name, String category, String taxRate, Boolean taxInclusive,
                          List<Variant> variants) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    /** @param serialized every unit carries a serial number, received, sold and returned by it; null: no */
    public record Variant(String sku, String name, String barcode, Long price, Long stock, Long reorderLevel,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean serialized) {
        public Variant(String sku, String name, String barcode, Long price, Long stock, Long reorderLevel) {
            this(sku, name, barcode, price, stock, reorderLevel, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Promotion(String id, String name, PromotionType type, Integer percentBp, Long amount,
                            List<String> skus, List<String> categories, Long minSubtotal, String coupon) {
    }

    public enum PromotionType { PERCENT_OFF_ITEM, AMOUNT_OFF_ITEM, PERCENT_OFF_CART, AMOUNT_OFF_CART }

    /** Every problem found, each naming the bad value; empty when the document is usable. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (version == null || version < 0) {
            p.add("version must be a non-negative integer, was " + version);
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            p.add("currency must be an ISO-4217 code, was " + currency);
        }
        Map<String, TaxRate> taxes = new HashMap<>();
        for (TaxRate t : nonNull(taxRates, "taxRates", p)) {
            if (t.code() == null || !t.code().matches("[A-Z0-9_-]{1,16}") || taxes.put(t.code(), t) != null) {
                p.add("tax rate code missing, malformed or repeated: " + t.code());
            }
            if (t.basisPoints() == null || t.basisPoints() < 0 || t.basisPoints() > 10_000) {
                p.add("tax rate " + t.code() + ": basisPoints must be 0..10000, was " + t.basisPoints());
            }
        }
        Set<String> categoryIds = new HashSet<>();
        List<Category> categoryList = nonNull(categories, "categories", p);
        for (Category c : categoryList) {
            if (c.id() == null || c.id().isBlank() || !categoryIds.add(c.id())) {
                p.add("category id missing or repeated: " + c.id());
            }
        }
        for (Category c : categoryList) {
            if (c.parent() != null && !categoryIds.contains(c.parent())) {
                p.add("category " + c.id() + ": unknown parent " + c.parent());
            }
        }
        Set<String> skus = new HashSet<>();
        Set<String> barcodes = new HashSet<>();
        for (Product product : nonNull(products, "products", p)) {
            String where = "product " + product.id();
            if (product.id() == null || product.name() == null || product.name().isBlank()) {
                p.add(where + ": id and name are required");
            }
            if (!categoryIds.contains(product.category())) {
                p.add(where + ": unknown category " + product.category());
            }
            if (!taxes.containsKey(product.taxRate())) {
                p.add(where + ": unknown tax rate " + product.taxRate());
            }
            if (product.taxInclusive() == null) {
                p.add(where + ": taxInclusive is required");
            }
            if (product.variants() == null || product.variants().isEmpty()) {
                p.add(where + ": has no variants");
                continue;
            }
            for (Variant v : nonNull(product.variants(), where + ": variants", p)) {
                if (v.sku() == null || !v.sku().matches("[A-Z0-9][A-Z0-9._-]{0,31}") || !skus.add(v.sku())) {
                    p.add(where + ": sku missing, malformed or repeated: " + v.sku());
                }
                if (v.barcode() != null && (!v.barcode().matches("[0-9A-Za-z-]{4,32}") || !barcodes.add(v.barcode()))) {
                    p.add("sku " + v.sku() + ": barcode malformed or repeated: " + v.barcode());
                }
                if (v.price() == null || v.price() < 0 || v.price() > MAX_PRICE) {
                    p.add("sku " + v.sku() + ": price must be 0.." + MAX_PRICE + " minor units, was " + v.price());
                }
                if (v.stock() != null && Math.abs(v.stock()) > 1_000_000_000L) {
                    p.add("sku " + v.sku() + ": stock out of range: " + v.stock());
                }
                if (v.reorderLevel() != null && (v.reorderLevel() < 0 || v.reorderLevel() > 1_000_000_000L)) {
                    p.add("sku " + v.sku() + ": reorderLevel out of range: " + v.reorderLevel());
                }
            }
        }
        Set<String> promotionIds = new HashSet<>();
        for (Promotion promo : nonNull(promotions, "promotions", p)) {
            promotionProblems(promo, skus, categoryIds, promotionIds, p);
        }
        return p;
    }

    private static void promotionProblems(Promotion promo, Set<String> skus, Set<String> categoryIds,
                                          Set<String> ids, List<String> p) {
        String where = "promotion " + promo.id();
        if (promo.id() == null || !ids.add(promo.id())) {
            p.add(where + ": id missing or repeated");
        }
        if (promo.type() == null) {
            p.add(where + ": type is required");
            return;
        }
        boolean percent = promo.type() == PromotionType.PERCENT_OFF_ITEM || promo.type() == PromotionType.PERCENT_OFF_CART;
        boolean item = promo.type() == PromotionType.PERCENT_OFF_ITEM || promo.type() == PromotionType.AMOUNT_OFF_ITEM;
        if (percent && (promo.percentBp() == null || promo.percentBp() < 1 || promo.percentBp() > 10_000)) {
            p.add(where + ": percentBp must be 1..10000, was " + promo.percentBp());
        }
        if (!percent && (promo.amount() == null || promo.amount() < 1 || promo.amount() > MAX_PRICE)) {
            p.add(where + ": amount must be 1.." + MAX_PRICE + ", was " + promo.amount());
        }
        if (item) {
            List<String> s = promo.skus() == null ? List.of() : promo.skus();
            List<String> c = promo.categories() == null ? List.of() : promo.categories();
            if (s.isEmpty() && c.isEmpty()) {
                p.add(where + ": an item promotion needs skus or categories");
            }
            s.stream().filter(x -> !skus.contains(x)).forEach(x -> p.add(where + ": unknown sku " + x));
            c.stream().filter(x -> !categoryIds.contains(x)).forEach(x -> p.add(where + ": unknown category " + x));
        }
        if (promo.coupon() != null && !promo.coupon().matches("[A-Z0-9_-]{2,32}")) {
            p.add(where + ": coupon must be 2-32 of A-Z 0-9 _ -, was " + promo.coupon());
        }
    }

    private static <T> List<T> nonNull(List<T> list, String name, List<String> problems) {
        if (list == null) {
            problems.add(name + " is required");
            return List.of();
        }
        if (list.stream().anyMatch(java.util.Objects::isNull)) {
            problems.add(name + " contains null");
            return list.stream().filter(java.util.Objects::nonNull).toList();
        }
        return list;
    }
}

package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * HQ's checks of an imported catalog before it becomes a version: the shape every branch needs
 * (currency, tax rates, categories, products with variants, unique SKUs, prices in minor units). The
 * branch checks the full rules again before it applies a version and refuses one it cannot use.
 */
final class CatalogChecks {
    private CatalogChecks() {
    }

    static List<String> problems(JsonNode c) {
        List<String> p = new ArrayList<>();
        if (!c.isObject()) {
            return List.of("a catalog is a JSON object");
        }
        if (!c.path("currency").asText("").matches("[A-Z]{3}")) {
            p.add("currency must be an ISO-4217 code, was " + c.get("currency"));
        }
        for (String list : List.of("taxRates", "categories", "products", "promotions")) {
            if (!c.path(list).isArray()) {
                p.add(list + " must be an array");
            }
        }
        Set<String> skus = new HashSet<>();
        for (JsonNode product : c.path("products")) {
            if (!product.path("variants").isArray() || product.path("variants").isEmpty()) {
                p.add("product " + product.path("id").asText("?") + " has no variants");
            }
            for (JsonNode v : product.path("variants")) {
                String sku = v.path("sku").asText("");
                if (sku.isBlank() || !skus.add(sku)) {
                    p.add("sku missing or repeated: '" + sku + "'");
                }
                JsonNode price = v.get("price");
                if (price == null || !price.canConvertToExactIntegral() || price.asLong() < 0
                        || price.asLong() > SyncRoutes.MAX_AMOUNT) {
                    p.add("sku " + sku + ": price must be an integer 0.." + SyncRoutes.MAX_AMOUNT + ", was " + price);
                }
                if (v.has("serialized") && !v.get("serialized").isBoolean() && !v.get("serialized").isNull()) {
                    p.add("sku " + sku + ": serialized must be true or false, was " + v.get("serialized"));
                }
            }
        }
        return p.size() > 20 ? p.subList(0, 20) : p;
    }
}

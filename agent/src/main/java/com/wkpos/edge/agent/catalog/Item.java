package com.wkpos.edge.agent.catalog;

import java.util.List;

/**
 * One sellable variant, flattened with what pricing needs from its product.
 *
 * @param categories its category and every ancestor, nearest first (item promotions match any)
 * @param serialized each unit is sold by its serial number
 */
public record Item(String sku, String name, String barcode, long price, String taxCode, int taxBasisPoints,
                   boolean taxInclusive, String productId, List<String> categories, boolean serialized) {
}

package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.catalog.Item;
import java.util.List;

/**
 * A sellable item as screens see it. {@code price} is in minor units of {@code currency}; a {@code serialized}
 * item sells with one serial number per unit.
 */
record ProductView(String sku, String name, String barcode, long price, String currency, String taxRate,
                   int taxBasisPoints, boolean taxInclusive, List<String> categories, boolean serialized) {
    static ProductView of(Item item, String currency) {
        return new ProductView(item.sku(), item.name(), item.barcode(), item.price(), currency, item.taxCode(),
                item.taxBasisPoints(), item.taxInclusive(), item.categories(), item.serialized());
    }
}

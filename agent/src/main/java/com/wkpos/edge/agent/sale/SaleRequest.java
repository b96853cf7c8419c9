package com.wkpos.edge.agent.sale;

import java.util.List;

/**
 * What a POS screen sends (**contract**): SKUs or barcodes and quantities; the box does all pricing.
 * Amounts are integers in minor units of the branch currency.
 */
public record SaleRequest(List<Line> lines, String coupon, List<Payment> payments) {
    public record Line(String sku, String barcode, Long qty) {
    }

    public record Payment(String method, Long amount) {
    }
}

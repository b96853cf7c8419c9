package com.wkpos.edge.agent.sale;

import java.util.List;

/**
 * A priced cart. {@code total = subtotal - discount + (tax of tax-exclusive lines) + rounding};
 * every line's {@code total = net + tax}.
 */
public record PricedSale(List<Line> lines, long subtotal, long discount, long tax, long rounding, long total,
                         String currency, String coupon, long catalogVersion) {

    /**
     * @param unitPrice  the shelf price as rung up (gross if {@code taxInclusive}, else net)
     * @param discount   item and cart discounts on this line
     * @param promotions ids of the promotions that gave the discount
     */
    public record Line(int lineNo, String sku, String name, long qty, long unitPrice, boolean taxInclusive,
                       String taxCode, int taxBasisPoints, long discount, long net, long tax, long total,
                       List<String> promotions) {
    }

    /** Sum of line totals before cash rounding. */
    public long linesTotal() {
        return lines.stream().mapToLong(Line::total).sum();
    }
}

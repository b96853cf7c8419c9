package com.wkpos.edge.agent.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
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
     * @param listPrice  the catalog price when staff overrode it ({@code unitPrice} is then the override); null otherwise
     * @param manualDiscount the part of {@code discount} staff gave by hand
     * @param priceReason why staff changed the price; null when they did not
     * @param serials the serial numbers of the units sold (serialized items); null for others
     */
    public record Line(int lineNo, String sku, String name, long qty, long unitPrice, boolean taxInclusive,
                       String taxCode, int taxBasisPoints, long discount, long net, long tax, long total,
                       List<String> promotions, Long listPrice, long manualDiscount, String priceReason,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> serials) {
        public Line(int lineNo, String sku, String name, long qty, long unitPrice, boolean taxInclusive,
                    String taxCode, int taxBasisPoints, long discount, long net, long tax, long total,
                    List<String> promotions, Long listPrice, long manualDiscount, String priceReason) {
            this(lineNo, sku, name, qty, unitPrice, taxInclusive, taxCode, taxBasisPoints, discount, net, tax, total,
                    promotions, listPrice, manualDiscount, priceReason, null);
        }

        /** How much the override took off the catalog price over the whole line; 0 when none or raised. */
        public long overrideReduction() {
            return listPrice == null ? 0 : Math.max(0, Math.multiplyExact(listPrice - unitPrice, qty));
        }
    }

    /** Sum of line totals before cash rounding. */
    public long linesTotal() {
        return lines.stream().mapToLong(Line::total).sum();
    }
}

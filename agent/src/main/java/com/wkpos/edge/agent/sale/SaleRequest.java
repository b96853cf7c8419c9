package com.wkpos.edge.agent.sale;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.wkpos.edge.agent.approval.ApprovalInput;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a POS screen sends (**contract**): SKUs or barcodes and quantities; the box does all pricing.
 * Amounts are integers in minor units of the branch currency.
 */
public record SaleRequest(List<Line> lines, String coupon, List<Payment> payments, String customerId,
                          ApprovalInput approval) {
    public SaleRequest(List<Line> lines, String coupon, List<Payment> payments) {
        this(lines, coupon, payments, null, null);
    }

    /**
     * @param unitPrice a price override (minor units, on the same tax basis as the catalog price); needs a
     *                  {@code reason} and, where configured, a manager's approval
     * @param discount  a manual discount on the line; needs a {@code reason} and, above the configured
     *                  percentage, a manager's approval
     * @param reason    why the price was changed; printed nowhere, journaled and audited with the sale
     * @param serials   for a serialized item: the serial number of each unit sold (one per unit)
     */
    public record Line(String sku, String barcode, Long qty, @JsonInclude(JsonInclude.Include.NON_NULL) Long unitPrice,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Discount discount,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                       @JsonInclude(JsonInclude.Include.NON_NULL) List<String> serials) {
        public Line(String sku, String barcode, Long qty) {
            this(sku, barcode, qty, null, null, null, null);
        }

        public Line(String sku, String barcode, Long qty, Long unitPrice, Discount discount, String reason) {
            this(sku, barcode, qty, unitPrice, discount, reason, null);
        }

        /** Whether staff changed the catalog price of this line. */
        public boolean priceChanged() {
            return unitPrice != null || discount != null;
        }
    }

    /**
     * A manual line discount: exactly one of {@code percent} (0.01 to 100, at most two decimals) of the
     * line after its promotion, or {@code amount} in minor units off the line.
     */
    public record Discount(@JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal percent,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long amount) {
    }

    /**
     * @param currency  foreign cash only: the ISO 4217 code of the notes; {@code amount} is then in its minor units
     * @param reference the gift card code for GIFT_CARD
     */
    public record Payment(String method, Long amount, String currency, String reference) {
        public Payment(String method, Long amount) {
            this(method, amount, null, null);
        }
    }
}

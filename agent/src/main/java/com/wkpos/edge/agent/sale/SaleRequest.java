package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.approval.ApprovalInput;
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

    public record Line(String sku, String barcode, Long qty) {
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

package com.wkpos.edge.agent.approval;

/**
 * Which actions need a manager. An amount threshold is in minor units: the action needs approval when
 * its amount is above it; null means never. {@code stockAdjustmentAbove} has no "never": a stock write-off
 * worth more than it needs approval, and its default 0 puts every one of any value behind a manager.
 */
public record ApprovalPolicy(Long saleAbove, Long cashOutAbove, Long refundAbove, boolean voids, boolean noSale,
                             Long discountAboveBp, boolean priceOverride, long stockAdjustmentAbove) {
    public ApprovalPolicy(Long saleAbove, Long cashOutAbove, Long refundAbove, boolean voids, boolean noSale) {
        this(saleAbove, cashOutAbove, refundAbove, voids, noSale, null, false);
    }

    public ApprovalPolicy(Long saleAbove, Long cashOutAbove, Long refundAbove, boolean voids, boolean noSale,
                          Long discountAboveBp, boolean priceOverride) {
        this(saleAbove, cashOutAbove, refundAbove, voids, noSale, discountAboveBp, priceOverride, 0);
    }

    public ApprovalPolicy {
        if (discountAboveBp != null && (discountAboveBp < 0 || discountAboveBp > 10_000)) {
            throw new IllegalArgumentException("discountAbovePercent must be 0..100, was " + discountAboveBp / 100.0);
        }
        for (Long t : new Long[] {saleAbove, cashOutAbove, refundAbove, stockAdjustmentAbove}) {
            if (t != null && t < 0) {
                throw new IllegalArgumentException("approval thresholds must be >= 0, was " + t);
            }
        }
    }

    /** No till action needs a manager; stock write-offs of any value still do, as the default threshold says. */
    public static ApprovalPolicy none() {
        return new ApprovalPolicy(null, null, null, false, false, null, false, 0);
    }

    public boolean needs(Action action, long amount) {
        return switch (action) {
            case SALE -> saleAbove != null && amount > saleAbove;
            case CASH_OUT -> cashOutAbove != null && amount > cashOutAbove;
            case REFUND -> refundAbove != null && amount > refundAbove;
            case VOID -> voids;
            case NO_SALE -> noSale;
            case DISCOUNT -> discountAboveBp != null && amount > 0;
            case PRICE_OVERRIDE -> priceOverride;
            case STOCK_ADJUSTMENT -> amount > stockAdjustmentAbove;
        };
    }

    /**
     * Whether a manual discount of {@code discount} on a line priced {@code lineAmount} (unit price ×
     * quantity) is above the configured percentage of it, rounded half-up to the cent the way a percent
     * discount is (so a discount of exactly the percentage never needs a manager).
     */
    public boolean discountNeedsApproval(long discount, long lineAmount) {
        return discountAboveBp != null && discount > 0
                && discount > (Math.multiplyExact(discountAboveBp, lineAmount) + 5_000) / 10_000;
    }
}

package com.wkpos.edge.agent.approval;

/**
 * Which actions need a manager. An amount threshold is in minor units: the action needs approval when
 * its amount is above it; null means never.
 */
public record ApprovalPolicy(Long saleAbove, Long cashOutAbove, Long refundAbove, boolean voids, boolean noSale) {
    public ApprovalPolicy {
        for (Long t : new Long[] {saleAbove, cashOutAbove, refundAbove}) {
            if (t != null && t < 0) {
                throw new IllegalArgumentException("approval thresholds must be >= 0, was " + t);
            }
        }
    }

    public static ApprovalPolicy none() {
        return new ApprovalPolicy(null, null, null, false, false);
    }

    public boolean needs(Action action, long amount) {
        return switch (action) {
            case SALE -> saleAbove != null && amount > saleAbove;
            case CASH_OUT -> cashOutAbove != null && amount > cashOutAbove;
            case REFUND -> refundAbove != null && amount > refundAbove;
            case VOID -> voids;
            case NO_SALE -> noSale;
        };
    }
}

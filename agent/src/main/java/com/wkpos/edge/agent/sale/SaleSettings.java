package com.wkpos.edge.agent.sale;

/**
 * Branch settings for selling.
 *
 * @param currency          the branch currency (ISO 4217)
 * @param cashRoundingMinor round totals to this many minor units (5 = to 0.05); 0 or 1 = no rounding
 * @param refuseOversell    refuse a sale that would take stock below zero (default: allow; the shelf is the truth)
 */
public record SaleSettings(String currency, int cashRoundingMinor, boolean refuseOversell) {
    public static final long MAX_QTY = 10_000;
    public static final int MAX_LINES = 500;
    public static final long MAX_AMOUNT = 100_000_000_000L;

    public SaleSettings {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO-4217 code, was " + currency);
        }
        if (cashRoundingMinor < 0 || cashRoundingMinor > 100) {
            throw new IllegalArgumentException("cash rounding must be 0..100 minor units, was " + cashRoundingMinor);
        }
    }
}

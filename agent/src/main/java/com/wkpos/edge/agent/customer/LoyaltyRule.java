package com.wkpos.edge.agent.customer;

/**
 * Loyalty points: {@code pointsPerUnit} points for every full {@code unit} minor units spent (1 point
 * per EUR 1.00 is unit 100, pointsPerUnit 1); a redeemed point is worth {@code pointValue} minor units
 * of store credit. Refunds take back the points their share of the sale earned.
 */
public record LoyaltyRule(long unit, long pointsPerUnit, long pointValue) {
    public LoyaltyRule {
        if (unit < 1 || pointsPerUnit < 0 || pointValue < 0) {
            throw new IllegalArgumentException("loyalty rule needs unit >= 1 and non-negative points and value");
        }
    }

    public static LoyaltyRule defaults() {
        return new LoyaltyRule(100, 1, 1);
    }

    public long pointsFor(long amount) {
        return amount <= 0 ? 0 : Math.multiplyExact(amount / unit, pointsPerUnit);
    }
}

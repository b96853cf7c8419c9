package com.wkpos.edge.agent.sale;

/**
 * A sale or quote that cannot be made as asked. Nothing was written. The reason decides the answer
 * a screen gets (a problem type and status); the message says exactly what to fix.
 */
public final class SaleRejectedException extends RuntimeException {
    public enum Reason {
        INVALID_REQUEST, UNKNOWN_PRODUCT, UNKNOWN_COUPON, PAYMENT_SHORT, UNSUPPORTED_PAYMENT_METHOD,
        INSUFFICIENT_STOCK, STOCK_CONFLICT, IDEMPOTENCY_KEY_REUSED, CURRENCY_MISMATCH,
        SPLIT_MISMATCH, UNKNOWN_CURRENCY, GIFT_CARD_BALANCE, STORE_CREDIT_BALANCE, UNKNOWN_CUSTOMER
    }

    private final Reason reason;

    public SaleRejectedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.sale.SaleRejectedException.Reason;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Shape checks on what a screen sent, before anything is priced; each message names the bad field. */
final class SaleValidation {
    /** Payment methods the sale accepts. */
    static final Set<String> ACCEPTED_METHODS = Set.of("CASH", "CARD", "GIFT_CARD", "STORE_CREDIT", "MOBILE");
    static final Set<String> KNOWN_METHODS = Set.of("CASH", "CARD", "GIFT_CARD", "STORE_CREDIT", "MOBILE");
    private static final int MAX_PAYMENTS = 20;

    private SaleValidation() {
    }

    static void lines(List<SaleRequest.Line> lines) {
        if (lines == null || lines.isEmpty()) {
            throw invalid("lines: at least one line is required");
        }
        if (lines.size() > SaleSettings.MAX_LINES) {
            throw invalid("lines: at most " + SaleSettings.MAX_LINES + " lines, got " + lines.size());
        }
        for (int i = 0; i < lines.size(); i++) {
            SaleRequest.Line l = lines.get(i);
            if (l == null) {
                throw invalid("lines[" + i + "]: must be an object");
            }
            boolean sku = l.sku() != null;
            boolean barcode = l.barcode() != null;
            if (sku == barcode) {
                throw invalid("lines[" + i + "]: give exactly one of sku and barcode");
            }
            if ((sku && l.sku().isBlank()) || (barcode && l.barcode().isBlank())) {
                throw invalid("lines[" + i + "]: " + (sku ? "sku" : "barcode") + " must not be blank");
            }
            if (l.qty() == null) {
                throw invalid("lines[" + i + "].qty: is required");
            }
            if (l.qty() < 1 || l.qty() > SaleSettings.MAX_QTY) {
                throw invalid("lines[" + i + "].qty: must be 1.." + SaleSettings.MAX_QTY + ", was " + l.qty());
            }
            priceChange(l, i);
        }
    }

    /** A price override or manual discount: sane amounts and a reason. */
    private static void priceChange(SaleRequest.Line l, int i) {
        if (l.unitPrice() != null && (l.unitPrice() < 0 || l.unitPrice() > SaleSettings.MAX_AMOUNT)) {
            throw invalid("lines[" + i + "].unitPrice: must be 0.." + SaleSettings.MAX_AMOUNT + " minor units, was "
                    + l.unitPrice());
        }
        SaleRequest.Discount d = l.discount();
        if (d != null) {
            if ((d.percent() == null) == (d.amount() == null)) {
                throw invalid("lines[" + i + "].discount: give exactly one of percent and amount");
            }
            if (d.percent() != null && (d.percent().signum() <= 0 || d.percent().compareTo(BigDecimal.valueOf(100)) > 0
                    || d.percent().stripTrailingZeros().scale() > 2)) {
                throw invalid("lines[" + i + "].discount.percent: must be 0.01..100 with at most two decimals, was "
                        + d.percent().toPlainString());
            }
            if (d.amount() != null && (d.amount() < 1 || d.amount() > SaleSettings.MAX_AMOUNT)) {
                throw invalid("lines[" + i + "].discount.amount: must be 1.." + SaleSettings.MAX_AMOUNT
                        + " minor units, was " + d.amount());
            }
        }
        if (l.priceChanged() && (l.reason() == null || l.reason().isBlank() || l.reason().length() > 200)) {
            throw invalid("lines[" + i + "].reason: a price override or discount needs a reason of 1-200 characters");
        }
        if (!l.priceChanged() && l.reason() != null) {
            throw invalid("lines[" + i + "].reason: only for a price override or discount");
        }
    }

    /** Upper-cases a coupon code; {@code null} stays null. */
    static String coupon(String coupon) {
        if (coupon == null) {
            return null;
        }
        String c = coupon.strip().toUpperCase(Locale.ROOT);
        if (!c.matches("[A-Z0-9_-]{1,32}")) {
            throw invalid("coupon: must be 1-32 letters, digits, '-' or '_', was '" + coupon + "'");
        }
        return c;
    }

    static void payments(List<SaleRequest.Payment> payments) {
        payments(payments, false);
    }

    /** @param exchange whether an exchange's credit pays part of the sale: then the payments may be none */
    static void payments(List<SaleRequest.Payment> payments, boolean exchange) {
        if (payments == null || (payments.isEmpty() && !exchange)) {
            throw invalid("payments: at least one payment is required");
        }
        if (payments.size() > MAX_PAYMENTS) {
            throw invalid("payments: at most " + MAX_PAYMENTS + ", got " + payments.size());
        }
        for (int i = 0; i < payments.size(); i++) {
            SaleRequest.Payment p = payments.get(i);
            if (p == null || p.method() == null || p.amount() == null) {
                throw invalid("payments[" + i + "]: method and amount are required");
            }
            if (!KNOWN_METHODS.contains(p.method())) {
                throw invalid("payments[" + i + "].method: must be one of " + KNOWN_METHODS + ", was '" + p.method() + "'");
            }
            if (!ACCEPTED_METHODS.contains(p.method())) {
                throw new SaleRejectedException(Reason.UNSUPPORTED_PAYMENT_METHOD, "payments[" + i + "].method: "
                        + p.method() + " is not accepted at this branch yet; accepted: " + ACCEPTED_METHODS);
            }
            if (p.amount() < 1 || p.amount() > SaleSettings.MAX_AMOUNT) {
                throw invalid("payments[" + i + "].amount: must be 1.." + SaleSettings.MAX_AMOUNT
                        + " minor units, was " + p.amount());
            }
            if (p.currency() != null && (!p.method().equals("CASH") || !p.currency().matches("[A-Z]{3}"))) {
                throw invalid("payments[" + i + "].currency: only CASH takes a currency (an ISO 4217 code like CHF)");
            }
            if (p.method().equals("GIFT_CARD") != (p.reference() != null)) {
                throw invalid("payments[" + i + "].reference: the gift card code is required for GIFT_CARD and only there");
            }
        }
        if (payments.stream().filter(p -> p.method().equals("CARD")).count() > 1) {
            throw invalid("payments: at most one CARD payment per sale");
        }
    }

    static void idempotencyKey(String key) {
        if (key == null || key.isBlank()) {
            throw invalid("the Idempotency-Key header is required: a UUID the screen makes once per sale and"
                    + " sends again on every retry");
        }
        if (key.length() > 255 || !key.matches("[\\x21-\\x7E]+")) {
            throw invalid("Idempotency-Key must be 1-255 visible ASCII characters");
        }
    }

    private static SaleRejectedException invalid(String detail) {
        return new SaleRejectedException(Reason.INVALID_REQUEST, detail);
    }
}

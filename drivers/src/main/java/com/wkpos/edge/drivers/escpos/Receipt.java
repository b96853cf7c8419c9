package com.wkpos.edge.drivers.escpos;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a sale receipt shows, as {@link ReceiptLayout} prints it. Amounts are minor units of
 * {@code currency} (cents); discounts are positive amounts taken off.
 *
 * @param header        branch name and address lines, printed centred; the first in bold
 * @param taxes         one row per tax rate
 * @param rounding      cash rounding added to the total (may be negative), 0 for none
 * @param change        cash handed back, 0 for none
 * @param saleId        printed as a QR code and as text, for returns and look-ups
 * @param cardSlip      the card terminal's slip lines, printed as they are; may be empty
 * @param copy          prints a "KOPIE / COPY" banner at the top and bottom (a reprint)
 * @param currency      ISO 4217 code, e.g. EUR
 */
public record Receipt(List<String> header, List<Line> lines, List<TaxRow> taxes, long subtotal, long discount,
                      long total, long rounding, List<Payment> payments, long change, String invoiceNumber,
                      String saleId, List<String> cardSlip, boolean copy, String currency) {

    public Receipt {
        header = List.copyOf(header);
        lines = List.copyOf(lines);
        taxes = List.copyOf(taxes);
        payments = List.copyOf(payments);
        cardSlip = List.copyOf(cardSlip);
        requireText(invoiceNumber, "invoiceNumber");
        requireText(saleId, "saleId");
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code like EUR, was " + currency);
        }
    }

    /** One sold item. {@code lineTotal} is quantity × unit price before the line's {@code discount}. */
    public record Line(BigDecimal quantity, String name, long unitPrice, long lineTotal, long discount) {
        public Line {
            Objects.requireNonNull(quantity, "quantity");
            requireText(name, "line name");
        }
    }

    /** One tax rate's sums; {@code rateBasisPoints} 1900 is 19 %. */
    public record TaxRow(String code, int rateBasisPoints, long net, long tax, long gross) {
        public TaxRow {
            requireText(code, "tax code");
            if (rateBasisPoints < 0) {
                throw new IllegalArgumentException("tax rate of " + code + " must not be negative, was " + rateBasisPoints);
            }
            if (net + tax != gross) {
                throw new IllegalArgumentException("tax row " + code + ": net " + net + " + tax " + tax + " is not gross " + gross);
            }
        }
    }

    /** One tender, e.g. {@code Bar} or {@code Karte}. */
    public record Payment(String method, long amount) {
        public Payment {
            requireText(method, "payment method");
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, was '" + value + "'");
        }
    }
}

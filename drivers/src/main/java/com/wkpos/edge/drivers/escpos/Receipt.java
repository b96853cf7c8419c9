package com.wkpos.edge.drivers.escpos;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * What a sale receipt shows, as {@link ReceiptLayout} prints it. Amounts are minor units of
 * {@code currency} (cents); a discount is a negative {@link Adjustment}.
 *
 * <p>A receipt adds up or it cannot be made: the printed line amounts, their adjustments, the tax added
 * on top of net-priced lines and the cash rounding sum to the printed total; the payments less the
 * change are the total; the tax table's gross column is the total before rounding. The constructor
 * refuses anything else, so paper can never disagree with itself.
 *
 * @param header   branch name and address lines, printed centred; the first in bold
 * @param meta     receipt number, local date and time, till and cashier
 * @param taxOnTop per tax rate, the tax added to lines priced net ({@link Line#net()}); empty when none are
 * @param rounding cash rounding added to the total (may be negative), 0 for none
 * @param change   cash handed back, 0 for none
 * @param taxes    one row per tax rate over all lines
 * @param fiscal   the fiscal (TSE) block; null where the branch has no fiscal signer
 * @param qrData   printed as a QR code (the fiscal QR, or the sale id for look-ups); null for none
 * @param cardSlip the card terminal's customer copy, printed as it is; may be empty
 * @param footer   closing lines, centred (thanks, the sale id)
 * @param copy     prints a "KOPIE / COPY" banner at the top and bottom (a reprint)
 * @param currency ISO 4217 code, e.g. EUR
 */
public record Receipt(List<String> header, Meta meta, List<Line> lines, List<TaxOnTop> taxOnTop, long rounding,
                      long total, List<Payment> payments, long change, List<TaxRow> taxes, Fiscal fiscal,
                      String qrData, List<String> cardSlip, List<String> footer, boolean copy, String currency) {

    public Receipt {
        header = List.copyOf(header);
        Objects.requireNonNull(meta, "meta");
        lines = List.copyOf(lines);
        taxOnTop = List.copyOf(taxOnTop);
        payments = List.copyOf(payments);
        taxes = List.copyOf(taxes);
        cardSlip = List.copyOf(cardSlip);
        footer = List.copyOf(footer);
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code like EUR, was " + currency);
        }
        long printed = rounding;
        for (Line line : lines) {
            printed += line.amount() + line.adjustments().stream().mapToLong(Adjustment::amount).sum();
        }
        printed += taxOnTop.stream().mapToLong(TaxOnTop::tax).sum();
        if (printed != total) {
            throw new IllegalArgumentException("receipt " + meta.number() + " does not add up: lines, adjustments, tax"
                    + " on top and rounding make " + printed + ", the total is " + total);
        }
        long paid = payments.stream().mapToLong(Payment::amount).sum();
        if (paid - change != total) {
            throw new IllegalArgumentException("receipt " + meta.number() + ": payments " + paid + " less change " + change
                    + " are not the total " + total);
        }
        long gross = taxes.stream().mapToLong(TaxRow::gross).sum();
        if (gross != total - rounding) {
            throw new IllegalArgumentException("receipt " + meta.number() + ": the tax table's gross " + gross
                    + " is not the total " + total + " less rounding " + rounding);
        }
    }

    /**
     * The receipt's identity as the customer reads it.
     *
     * @param number   the invoice (receipt) number
     * @param dateTime local date and time, as printed (e.g. {@code 05.12.2026 16:47:12})
     * @param till     which till made it (branch and device)
     * @param cashier  who served, by name
     */
    public record Meta(String number, String dateTime, String till, String cashier) {
        public Meta {
            requireText(number, "receipt number");
            requireText(dateTime, "date and time");
            requireText(till, "till");
            requireText(cashier, "cashier");
        }
    }

    /**
     * One sold item: {@code amount} is quantity × unit price, at the shelf price's basis: gross, or net
     * where {@code net} (its tax is then added once per rate, see {@link TaxOnTop}).
     *
     * @param taxLetter the letter of the item's rate in the tax table (A, B, …)
     */
    public record Line(BigDecimal quantity, String name, long unitPrice, long amount, String taxLetter, boolean net,
                       List<Adjustment> adjustments) {
        public Line {
            Objects.requireNonNull(quantity, "quantity");
            requireText(name, "line name");
            requireText(taxLetter, "tax letter of " + name);
            adjustments = List.copyOf(adjustments);
            if (quantity.stripTrailingZeros().scale() <= 0
                    && quantity.multiply(BigDecimal.valueOf(unitPrice)).compareTo(BigDecimal.valueOf(amount)) != 0) {
                throw new IllegalArgumentException(name + ": " + quantity.toPlainString() + " x " + unitPrice + " is not "
                        + amount);
            }
        }
    }

    /** A discount (negative) or surcharge on the line above it, e.g. {@code Rabatt Welcome 10 %}. */
    public record Adjustment(String label, long amount) {
        public Adjustment {
            requireText(label, "adjustment label");
        }
    }

    /** Tax added to the net-priced lines of one rate: {@code tax} on {@code net}. */
    public record TaxOnTop(String letter, int rateBasisPoints, long net, long tax) {
        public TaxOnTop {
            requireText(letter, "tax letter");
        }
    }

    /** One tax rate's sums over all lines; {@code rateBasisPoints} 1900 is 19 %. */
    public record TaxRow(String letter, int rateBasisPoints, long net, long tax, long gross) {
        public TaxRow {
            requireText(letter, "tax letter");
            if (rateBasisPoints < 0) {
                throw new IllegalArgumentException("tax rate " + letter + " must not be negative, was " + rateBasisPoints);
            }
            if (net + tax != gross) {
                throw new IllegalArgumentException("tax row " + letter + ": net " + net + " + tax " + tax + " is not gross "
                        + gross);
            }
        }
    }

    /** One tender, e.g. {@code Bar / Cash}; {@code detail} says more (foreign cash and its rate), or null. */
    public record Payment(String method, String detail, long amount) {
        public Payment {
            requireText(method, "payment method");
        }
    }

    /** The fiscal block: the security device's signature of this receipt, or why there is none. */
    public sealed interface Fiscal permits Signed, Unavailable {
    }

    /**
     * A transaction the technical security device (TSE) signed. Times are local, as printed.
     *
     * @param tseSerial the TSE's serial number
     * @param clientId  the till's serial number as the TSE knows it
     */
    public record Signed(long transactionNumber, long signatureCounter, String start, String finish, String tseSerial,
                         String clientId) implements Fiscal {
        public Signed {
            requireText(start, "TSE start");
            requireText(finish, "TSE finish");
            requireText(tseSerial, "TSE serial");
            requireText(clientId, "TSE client id");
        }
    }

    /** The security device could not sign (KassenSichV: the receipt says so). */
    public record Unavailable(String reason) implements Fiscal {
        public Unavailable {
            requireText(reason, "reason");
        }
    }

    static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, was '" + value + "'");
        }
    }
}

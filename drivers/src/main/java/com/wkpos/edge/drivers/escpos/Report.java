package com.wkpos.edge.drivers.escpos;

import java.util.List;

/**
 * A slip that is not a sale receipt (X and Z reports, refund and void slips), as {@link ReceiptLayout}
 * prints it: the branch header, a big title, then rows top to bottom. Amounts are minor units of
 * {@code currency}.
 *
 * @param copy prints the "KOPIE / COPY" banner at the top and bottom (a reprint)
 */
public record Report(List<String> header, String title, List<Row> rows, boolean copy, String currency) {

    public Report {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("report title is required, was '" + title + "'");
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code like EUR, was " + currency);
        }
    }

    /** One printed row. */
    public sealed interface Row permits Heading, Text, Amount, Rule, Qr {
    }

    /** A bold section title. */
    public record Heading(String text) implements Row {
    }

    /** Plain text, wrapped to the paper. */
    public record Text(String text) implements Row {
    }

    /** A label on the left and an amount on the right; {@code bold} for totals. */
    public record Amount(String label, long minor, boolean bold) implements Row {
        public Amount(String label, long minor) {
            this(label, minor, false);
        }
    }

    /** A QR code, centred (the fiscal QR code of a refund or void slip). */
    public record Qr(String data) implements Row {
        public Qr {
            if (data == null || data.isBlank()) {
                throw new IllegalArgumentException("a QR code needs data");
            }
        }
    }

    /** A dashed rule. */
    public record Rule() implements Row {
    }
}

package com.wkpos.edge.hardware;

import java.math.BigDecimal;
import java.util.List;

import com.wkpos.edge.drivers.escpos.Receipt;

/** A realistic sale receipt for the virtual-hardware tests. */
final class SampleReceipts {
    static final String SALE_ID = "S-0007-20261121-000042";

    private SampleReceipts() {
    }

    static Receipt sale(boolean copy) {
        return new Receipt(List.of("WK Markt Filiale 7", "Hauptstraße 12, 10115 Berlin", "USt-IdNr. DE123456789"),
                new Receipt.Meta("R-2026-000042", "21.11.2026 09:12:30", "Filiale 7 / 5e6f7a8b", "Ben Weber"),
                List.of(new Receipt.Line(new BigDecimal("3"), "Brötchen", 45, 135, "B", false, List.of()),
                        new Receipt.Line(BigDecimal.ONE, "Bio-Honig 500g", 649, 649, "B", false,
                                List.of(new Receipt.Adjustment("Rabatt", -65)))),
                List.of(), 0, 719, List.of(new Receipt.Payment("Karte", null, 719)), 0,
                List.of(new Receipt.TaxRow("B", 700, 672, 47, 719)), null, SALE_ID,
                List.of("girocard  kontaktlos", "Terminal-ID 52500123", "Betrag EUR 7,19", "Zahlung erfolgt"),
                List.of("Beleg-ID " + SALE_ID), copy, "EUR");
    }
}

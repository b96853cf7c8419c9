package com.wkpos.edge.drivers.escpos;

import java.math.BigDecimal;
import java.util.List;

/** Receipts the tests print. */
final class TestReceipts {
    static final String SALE_ID = "S-0042-20261121-000317";

    private TestReceipts() {
    }

    static Receipt sample(boolean copy) {
        return new Receipt(
                List.of("WK Markt Filiale 7", "Hauptstraße 12, 10115 Berlin"),
                new Receipt.Meta("R-2026-000317", "21.11.2026 18:41:04", "Filiale 7 / 1a2b3c4d", "Anna Schmidt"),
                List.of(new Receipt.Line(new BigDecimal("2"), "Vollmilch 1l", 119, 238, "B", false, List.of()),
                        new Receipt.Line(BigDecimal.ONE, "Kaffee Crema 500g", 899, 899, "A", false,
                                List.of(new Receipt.Adjustment("Rabatt", -100))),
                        new Receipt.Line(new BigDecimal("0.456"), "Äpfel lose", 299, 136, "A", false, List.of())),
                List.of(), 2, 1175,
                List.of(new Receipt.Payment("Bar", null, 2000)), 825,
                List.of(new Receipt.TaxRow("A", 1900, 671, 128, 799),
                        new Receipt.TaxRow("B", 700, 350, 24, 374)),
                null, SALE_ID, List.of(), List.of("Beleg-ID " + SALE_ID), copy, "EUR");
    }
}

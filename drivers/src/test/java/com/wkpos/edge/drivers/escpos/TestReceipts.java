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
                List.of(new Receipt.Line(new BigDecimal("2"), "Vollmilch 1l", 119, 238, 0),
                        new Receipt.Line(BigDecimal.ONE, "Kaffee Crema 500g", 899, 899, 100),
                        new Receipt.Line(new BigDecimal("0.456"), "Äpfel lose", 299, 136, 0)),
                List.of(new Receipt.TaxRow("A", 1900, 671, 128, 799),
                        new Receipt.TaxRow("B", 700, 350, 24, 374)),
                1273, 100, 1175, 2,
                List.of(new Receipt.Payment("Bar", 2000)),
                825, "R-2026-000317", SALE_ID, List.of(), copy, "EUR");
    }
}

package com.wkpos.edge.hardware.real;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.util.List;

import com.github.anastaciocintra.escpos.EscPos;
import com.github.anastaciocintra.escpos.EscPosConst.Justification;
import com.github.anastaciocintra.escpos.Style;
import com.github.anastaciocintra.escpos.barcode.BarCode;
import com.github.anastaciocintra.escpos.barcode.BarCode.BarCodeHRIPosition;
import com.github.anastaciocintra.escpos.barcode.BarCode.BarCodeSystem;
import com.github.anastaciocintra.escpos.barcode.QRCode;
import com.wkpos.edge.drivers.escpos.Receipt;

/**
 * What the real-device tests print. Each run prints fresh random codes, so a technician reading one back
 * proves this run's printout, not an old one lying on the counter.
 */
final class TestPrints {
    /** The line that shows whether the printer's code page is right. */
    static final String CHARACTER_LINE = "Zeichen: € Ä Ö Ü ä ö ü ß";
    static final String SALE_ID_PREFIX = "WK-TEST-";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BARCODE_HEIGHT = 80;
    /** Dots per narrow bar: a 10-digit Code 128 stays within 58 mm paper (384 dots). */
    private static final int BARCODE_MODULE = 2;
    private static final int QR_MODULE = 6;

    private TestPrints() {
    }

    /** {@code digits} random decimal digits, the first never 0 so nobody drops it when typing. */
    static String digits(int digits) {
        StringBuilder code = new StringBuilder().append(1 + RANDOM.nextInt(9));
        while (code.length() < digits) {
            code.append(RANDOM.nextInt(10));
        }
        return code.toString();
    }

    /**
     * A sale receipt with umlauts and € in item names, totals and the "card slip" lines, and
     * {@code WK-TEST-<code>} as its QR code and text, laid out by the printer's own ReceiptLayout.
     */
    static Receipt receipt(String code) {
        return new Receipt(List.of("WK Edge Testbeleg", "Drucker-Prüfung, kein Verkauf"),
                new Receipt.Meta("TEST-" + code, "01.01.2026 12:00:00", "Drucker-Prüfung", "Technik"),
                List.of(new Receipt.Line(BigDecimal.ONE, "Äpfel Öl Übergröße", 199, 199, "B", false, List.of()),
                        new Receipt.Line(new BigDecimal("2"), "Grüße süß", 50, 100, "B", false, List.of())),
                List.of(), 0, 299, List.of(new Receipt.Payment("Bar", null, 500)), 201,
                List.of(new Receipt.TaxRow("B", 700, 279, 20, 299)), null, SALE_ID_PREFIX + code,
                List.of(CHARACTER_LINE, "Prüfcode " + code), List.of(SALE_ID_PREFIX + code), false, "EUR");
    }

    /**
     * A slip with two different codes to scan: {@code first} as a Code 128 barcode and as a QR code (for
     * 1D and 2D scanners alike), then {@code second} as a Code 128 barcode. ASCII only, so the printer's
     * code page does not matter.
     */
    static byte[] scanSlip(String first, String second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        Style title = new Style().setJustification(Justification.Center).setBold(true);
        Style center = new Style().setJustification(Justification.Center);
        try (EscPos pos = new EscPos(out)) {
            pos.initializePrinter();
            pos.writeLF(title, "WK Edge scanner test");
            pos.writeLF(center, "Code A (barcode or QR)");
            pos.write(barcode(), "{B" + first);
            pos.write(new QRCode().setSize(QR_MODULE).setJustification(Justification.Center), first);
            pos.feed(2);
            pos.writeLF(center, "Code B");
            pos.write(barcode(), "{B" + second);
            pos.feed(4);
            pos.cut(EscPos.CutMode.PART);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** Code 128 in code set B ({@code {B} prefix, ESC/POS's way to choose it), digits printed below. */
    private static BarCode barcode() {
        return new BarCode().setSystem(BarCodeSystem.CODE128).setBarCodeSize(BARCODE_MODULE, BARCODE_HEIGHT)
                .setHRIPosition(BarCodeHRIPosition.BelowBarCode).setJustification(Justification.Center);
    }
}

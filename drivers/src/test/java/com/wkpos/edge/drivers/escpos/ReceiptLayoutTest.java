package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.Test;

class ReceiptLayoutTest {

    @Test
    void decodedReceiptShowsHeaderLinesTaxesTotalAndSaleIdAsQr() {
        byte[] job = ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(false));

        List<String> printed = PrinterSimulator.decode(job);

        assertThat(printed).hasSize(1);
        String text = printed.getFirst();
        assertThat(text).contains("WK Markt Filiale 7", "Hauptstraße 12, 10115 Berlin");
        assertThat(text).contains("Vollmilch 1l", "2 x 1,19 €", "Kaffee Crema 500g", "-1,00 €", "Äpfel lose", "0,456 x 2,99 €");
        assertThat(text).containsPattern("A +19 % +6,71 € +1,28 € +7,99 €");
        assertThat(text).containsPattern("B +7 % +3,50 € +0,24 € +3,74 €");
        assertThat(text).containsPattern("SUMME +11,75 €");
        assertThat(text).containsPattern("Rückgeld +8,25 €");
        assertThat(text).contains("[QR: " + TestReceipts.SALE_ID + "]", "R-2026-000317");
        assertThat(text).doesNotContain("COPY", "KOPIE");
    }

    @Test
    void euroSignIsEncodedForTheSelectedCodePage() {
        byte[] job = ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(false));

        assertThat(job).containsSequence(0x1B, 't', 19);
        assertThat(job).contains((byte) 0xD5);
        assertThat(PrinterSimulator.decode(job).getFirst()).contains("11,75 €");
    }

    @Test
    void codePageWithoutEuroSpellsTheCurrencyInstead() {
        String text = PrinterSimulator.decode(ReceiptLayout.of(48, "CP437").render(TestReceipts.sample(false))).getFirst();

        assertThat(text).contains("11,75 EUR").doesNotContain("€").doesNotContain("?");
    }

    @Test
    void codeTableNumberFromThePrinterUriIsSent() {
        ReceiptLayout layout = ReceiptLayout.forPrinter(DeviceUri.parse("tcp://10.0.0.5:9100?codetable=255&decimal=point"));

        byte[] job = layout.render(TestReceipts.sample(false));

        assertThat(job).containsSequence(0x1B, 't', 0xFF);
        assertThat(PrinterSimulator.decode(job).getFirst()).containsPattern("SUMME +11\\.75");
    }

    @Test
    void copyPrintsBannerAtTopAndBottom() {
        String text = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(true))).getFirst();

        List<String> lines = text.lines().toList();
        assertThat(lines.getFirst()).contains("KOPIE / COPY");
        assertThat(lines.getLast()).contains("not the original");
        assertThat(lines).filteredOn(l -> l.contains("COPY")).hasSize(2);
    }

    @Test
    void narrowPaperKeepsEveryLineWithin42Columns() {
        Receipt r = TestReceipts.sample(false);
        Receipt longName = new Receipt(r.header(), List.of(new Receipt.Line(BigDecimal.ONE,
                "Sehr langer Artikelname, der auf keinen Bon in eine Zeile passt", 123_456, 123_456, 0)),
                r.taxes(), r.subtotal(), r.discount(), r.total(), r.rounding(), r.payments(), r.change(),
                r.invoiceNumber(), r.saleId(), List.of("TERMINAL 1234", "GIROCARD"), false, "EUR");

        String text = PrinterSimulator.decode(ReceiptLayout.of(42, "CP858").render(longName), 42).getFirst();

        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(42));
        assertThat(text).contains("1234,56 €", "TERMINAL 1234", "GIROCARD");
    }

    @Test
    void controlCharactersInTextCannotInjectCommands() {
        Receipt r = TestReceipts.sample(false);
        Receipt evil = new Receipt(List.of("Shop\u001Bp\u0000\u0019\u00FA"), r.lines(), r.taxes(), r.subtotal(),
                r.discount(), r.total(), r.rounding(), r.payments(), r.change(), r.invoiceNumber(), r.saleId(),
                List.of("\u0010\u0004\u0001"), false, "EUR");

        byte[] job = ReceiptLayout.of(48, "CP858").render(evil);

        assertThat(new String(job, StandardCharsets.ISO_8859_1)).doesNotContain("\u001Bp", "\u0010\u0004");
    }

    @Test
    void cutEndsTheJob() {
        byte[] job = ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(false));

        assertThat(job).endsWith(0x1D, 'V', 49);
    }

    @Test
    void unknownCodePageIsRejectedByName() {
        assertThatThrownBy(() -> ReceiptLayout.of(48, "CP999")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CP999");
    }
}

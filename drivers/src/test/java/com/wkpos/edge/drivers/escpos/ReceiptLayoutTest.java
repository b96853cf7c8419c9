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
        assertThat(text).containsPattern("Beleg-Nr. R-2026-000317 +21.11.2026 18:41:04");
        assertThat(text).containsPattern("Kasse +Filiale 7 / 1a2b3c4d\\n").contains("Es bediente Sie: Anna Schmidt");
        assertThat(text).containsPattern("A +19 % +6,71 € +1,28 € +7,99 €");
        assertThat(text).containsPattern("B +7 % +3,50 € +0,24 € +3,74 €");
        assertThat(text).containsPattern("SUMME +11,75 €");
        assertThat(text).containsPattern("Rückgeld +8,25 €");
        assertThat(text).contains("[QR: " + TestReceipts.SALE_ID + "]", "R-2026-000317");
        assertThat(text.split(java.util.regex.Pattern.quote("Beleg-ID " + TestReceipts.SALE_ID), -1)).hasSize(2);
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
    void narrowPaperKeepsEveryLineWithin42ColumnsAndNeverSplitsAWordOrNumber() {
        Receipt r = TestReceipts.sample(false);
        Receipt longName = new Receipt(r.header(), r.meta(), List.of(new Receipt.Line(BigDecimal.ONE,
                "Sehr langer Artikelname, der auf keinen Bon in eine Zeile passt 1234567", 117_300, 117_300, "A", false,
                List.of())), List.of(), 0, 117_300, List.of(new Receipt.Payment("Karte", null, 117_300)), 0,
                List.of(new Receipt.TaxRow("A", 1900, 98_571, 18_729, 117_300)), null, "S-1",
                List.of("TERMINAL 1234", "GIROCARD"), List.of(), false, "EUR");

        String text = PrinterSimulator.decode(ReceiptLayout.of(42, "CP858").render(longName), 42).getFirst();

        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(42));
        assertThat(text).contains("1173,00 €", "TERMINAL 1234", "GIROCARD", "1234567");
        assertThat(text.lines()).noneMatch(line -> line.endsWith("Artikelna"));
    }

    @Test
    void aLongDiscountLabelWrapsUnderItsItemKeepingTheIndent() {
        Receipt r = new Receipt(List.of("Shop"), TestReceipts.sample(false).meta(), List.of(
                new Receipt.Line(new BigDecimal("2"), "Croissant Butter", 129, 258, "B", false,
                        List.of(new Receipt.Adjustment("Rabatt 20% off croissants & pastries, Welcome 10% off", -72)))),
                List.of(), 0, 186, List.of(new Receipt.Payment("Bar", null, 186)), 0,
                List.of(new Receipt.TaxRow("B", 700, 174, 12, 186)), null, null, List.of(), List.of(), false, "EUR");

        List<String> lines = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(r)).getFirst().lines().toList();

        int first = lines.indexOf(lines.stream().filter(l -> l.contains("Rabatt 20%")).findFirst().orElseThrow());
        assertThat(lines.get(first)).startsWith("  Rabatt 20% off croissants & pastries,");
        assertThat(lines.get(first + 1)).startsWith("  ").containsPattern("  10% off +-0,72 €");
    }

    @Test
    void netPricedLinesShowTheirTaxAddedAboveTheTotal() {
        Receipt r = new Receipt(List.of("Shop"), TestReceipts.sample(false).meta(), List.of(
                new Receipt.Line(BigDecimal.ONE, "Kaffee", 499, 499, "B", false, List.of()),
                new Receipt.Line(new BigDecimal("3"), "Papier", 499, 1497, "A", true,
                        List.of(new Receipt.Adjustment("Rabatt", -150)))),
                List.of(new Receipt.TaxOnTop("A", 1900, 1347, 256)), 0, 2102,
                List.of(new Receipt.Payment("Bar", null, 2102)), 0,
                List.of(new Receipt.TaxRow("A", 1900, 1347, 256, 1603), new Receipt.TaxRow("B", 700, 466, 33, 499)),
                null, null, List.of(), List.of(), false, "EUR");

        String text = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(r)).getFirst();

        assertThat(text).contains("3 x 4,99 € netto").containsPattern("zzgl. MwSt A 19 % auf 13,47 € +2,56 €")
                .containsPattern("SUMME +21,02 €");
    }

    @Test
    void aReceiptThatDoesNotAddUpCannotBeMade() {
        Receipt r = TestReceipts.sample(false);
        assertThatThrownBy(() -> new Receipt(r.header(), r.meta(), r.lines(), r.taxOnTop(), r.rounding(), r.total() + 1,
                r.payments(), r.change() - 1, r.taxes(), null, null, List.of(), List.of(), false, "EUR"))
                .hasMessageContaining("does not add up");
        assertThatThrownBy(() -> new Receipt(r.header(), r.meta(), r.lines(), r.taxOnTop(), r.rounding(), r.total(),
                r.payments(), r.change() + 1, r.taxes(), null, null, List.of(), List.of(), false, "EUR"))
                .hasMessageContaining("less change");
        assertThatThrownBy(() -> new Receipt.Line(new BigDecimal("2"), "Milch", 119, 239, "B", false, List.of()))
                .hasMessageContaining("2 x 119 is not 239");
    }

    @Test
    void fiscalBlockShowsTheTseTransactionOrItsOutage() {
        Receipt r = TestReceipts.sample(false);
        Receipt signed = new Receipt(r.header(), r.meta(), r.lines(), r.taxOnTop(), r.rounding(), r.total(), r.payments(),
                r.change(), r.taxes(), new Receipt.Signed(17, 35, "21.11.2026 18:41:04", "21.11.2026 18:41:05",
                "5f3a" + "0".repeat(60), "1a2b3c4d"), "V0;1a2b3c4d;Kassenbeleg-V1", List.of(), List.of(), false, "EUR");
        Receipt down = new Receipt(r.header(), r.meta(), r.lines(), r.taxOnTop(), r.rounding(), r.total(), r.payments(),
                r.change(), r.taxes(), new Receipt.Unavailable("timeout"), null, List.of(), List.of(), false, "EUR");

        String text = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(signed)).getFirst();
        String outage = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(down)).getFirst();

        assertThat(text).containsPattern("TSE-Transaktion +17").containsPattern("TSE-Signaturzähler +35")
                .containsPattern("TSE-Ende +21.11.2026 18:41:05").contains("TSE-Seriennummer", "5f3a0000", "Kassen-Seriennummer 1a2b3c4d",
                        "[QR: V0;1a2b3c4d;Kassenbeleg-V1]");
        assertThat(outage).contains("TSE ausgefallen", "timeout").doesNotContain("TSE-Transaktion");
    }

    @Test
    void cardSlipIsPrintedAsTheCustomerCopy() {
        Receipt r = TestReceipts.sample(false);
        Receipt card = new Receipt(r.header(), r.meta(), r.lines(), r.taxOnTop(), r.rounding(), r.total(), r.payments(),
                r.change(), r.taxes(), null, null, List.of("girocard  kontaktlos", "Betrag EUR    11,75",
                "Autorisierungsnummer " + "7".repeat(40)), List.of(), false, "EUR");

        String text = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(card)).getFirst();

        assertThat(text).contains("Kartenzahlung - Kundenbeleg", "girocard  kontaktlos", "Betrag EUR    11,75",
                "Autorisierungsnummer\n" + "7".repeat(40));
    }

    @Test
    void controlCharactersInTextCannotInjectCommands() {
        Receipt r = TestReceipts.sample(false);
        Receipt evil = new Receipt(List.of("Shop\u001Bp\u0000\u0019\u00FA"), r.meta(), r.lines(), r.taxOnTop(),
                r.rounding(), r.total(), r.payments(), r.change(), r.taxes(), null, r.qrData(),
                List.of("\u0010\u0004\u0001"), List.of(), false, "EUR");

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

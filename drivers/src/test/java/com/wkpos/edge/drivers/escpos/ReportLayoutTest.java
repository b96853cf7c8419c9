package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ReportLayoutTest {
    private static Report z(boolean copy) {
        return new Report(List.of("WK Markt Filiale 7", "Hauptstraße 12"), "Z-BERICHT / Z REPORT 12", List.of(
                new Report.Text("Geschäftstag 2026-11-21"),
                new Report.Heading("Zahlarten / by method"),
                new Report.Amount("Bar / Cash", 123456),
                new Report.Amount("Karte / Card", -50),
                new Report.Rule(),
                new Report.Amount("Umsatz / Turnover", 123406, true)), copy, "EUR");
    }

    @Test
    void reportPrintsHeaderTitleAndAmountsRightAligned() {
        List<String> printed = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(z(false)));

        assertThat(printed).hasSize(1);
        String text = printed.getFirst();
        assertThat(text).contains("WK Markt Filiale 7", "Z-BERICHT / Z REPORT 12", "Geschäftstag 2026-11-21",
                "Zahlarten / by method");
        assertThat(text).containsPattern("Bar / Cash +1234,56 €");
        assertThat(text).containsPattern("Karte / Card +-0,50 €");
        assertThat(text).containsPattern("Umsatz / Turnover +1234,06 €");
        assertThat(text).doesNotContain("KOPIE");
    }

    @Test
    void reprintedReportSaysCopy() {
        String text = PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(z(true))).getFirst();

        assertThat(text.split("KOPIE / COPY", -1)).hasSize(3);
    }

    @Test
    void controlCharactersInTextCannotSmuggleCommands() {
        Report r = new Report(List.of("Shop"), "X", List.of(new Report.Text("reason \u001Bp\u0000\u0019\u00FA")), false,
                "EUR");

        byte[] job = ReceiptLayout.of(48, "CP858").render(r);

        assertThat(new String(job, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("\u001Bp\u0000");
    }

    @Test
    void reportWithoutTitleOrCurrencyIsRejected() {
        assertThatThrownBy(() -> new Report(List.of(), " ", List.of(), false, "EUR"))
                .hasMessageContaining("title");
        assertThatThrownBy(() -> new Report(List.of(), "Z", List.of(), false, "eur"))
                .hasMessageContaining("eur");
    }
}

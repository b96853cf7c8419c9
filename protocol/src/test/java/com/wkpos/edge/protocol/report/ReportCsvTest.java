package com.wkpos.edge.protocol.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportCsvTest {
    @Test
    void cellsAreQuotedAsRfc4180AndFormulasAreDisarmed() {
        String csv = ReportCsv.write(List.of("date", "description", "amount"), List.of(
                List.of("2026-12-01", "Glas, \"extra\"", 1250L),
                List.of("2026-12-02", "=HYPERLINK(\"x\")", -300L),
                List.of("2026-12-03", "@SUM(A1)\nzwei Zeilen", 0L)), List.of("Total", "", 950L));
        assertThat(csv).isEqualTo("date,description,amount\r\n"
                + "2026-12-01,\"Glas, \"\"extra\"\"\",1250\r\n"
                + "2026-12-02,\"'=HYPERLINK(\"\"x\"\")\",-300\r\n"
                + "2026-12-03,\"'@SUM(A1)\nzwei Zeilen\",0\r\n"
                + "Total,,950\r\n");
        assertThat(ReportCsv.write(List.of("a"), List.of(), null)).isEqualTo("a\r\n");
    }

    @Test
    void periodsAddUpAndReversalsComeOff() {
        PeriodFigures day = new PeriodFigures();
        day.sales(2, 1000);
        day.refunds(250);
        day.jobs(1, 12000);
        day.adjustments(-2000);
        day.payments("CASH", 1, 5000);
        day.payments("BANK", 1, 6000);
        day.reversedPayments("BANK", 6000);
        day.expenses(2, 3000);
        day.reversedExpenses(1000);
        PeriodFigures month = new PeriodFigures();
        month.add(day);
        month.add(day);
        assertThat(day.daily()).containsEntry("paymentsAmount", 5000L).containsEntry("cashPayments", 5000L)
                .containsEntry("bankPayments", 0L).containsEntry("payments", 2L).containsEntry("expensesAmount", 2000L);
        assertThat(month.monthly()).containsEntry("salesNet", 1500L).containsEntry("serviceRevenue", 20000L)
                .containsEntry("revenue", 21500L).containsEntry("expenses", 4000L).containsEntry("profit", 17500L);
        assertThat(ReportColumns.DAILY.stream().skip(1).map(ReportTable.Column::key))
                .as("the daily columns are the day's figures").containsExactlyElementsOf(day.daily().keySet());
        assertThat(ReportColumns.MONTHLY.stream().skip(1).map(ReportTable.Column::key))
                .containsExactlyElementsOf(day.monthly().keySet());
    }

    @Test
    void zonesOffWholeHoursAreTold() {
        LocalDate d = LocalDate.of(2026, 3, 29);
        assertThat(PeriodFigures.wholeHours(ZoneId.of("Europe/Berlin"), d, d.plusDays(7))).isTrue();
        assertThat(PeriodFigures.wholeHours(ZoneId.of("Asia/Kolkata"), d, d.plusDays(7))).isFalse();
        assertThat(PeriodFigures.wholeHours(ZoneId.of("Australia/Lord_Howe"), d, d.plusDays(7))).isFalse();
    }
}

package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.ExportZip.cents;
import static com.wkpos.edge.agent.fiscal.FiscalTill.MUG;
import static com.wkpos.edge.agent.fiscal.FiscalTill.OLD;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A till that ran without a security device (and sold at a rate the five DSFinV-K keys do not cover) still
 * exports every sale, adding up, with an individual VAT key and no TSE records.
 */
class DsfinvkExportWithoutTseTest {
    @TempDir
    Path dir;

    @Test
    void salesWithoutFiscalRecordsAreExportedWithAnIndividualVatKey() {
        Path box = dir.resolve("box");
        SaleView sale;
        try (FiscalTill t = new FiscalTill(box, new FakeClock(Instant.parse("2026-03-02T09:00:00Z")), false)) {
            t.shifts.open(t.anna, 0);
            sale = t.sell(new SaleRequest(List.of(line(OLD, 1), line(MUG, 1)), null,
                    List.of(new SaleRequest.Payment("CASH", 5_000L))));
            t.sign();
            assertThat(t.record("sale:" + sale.id())).isEmpty();
        }
        Path zip = dir.resolve("day.zip");
        DsfinvkExport.Summary summary = DsfinvkExport.export(box, LocalDate.parse("2026-03-02"),
                LocalDate.parse("2026-03-02"), new DsfinvkExport.Till(null, FiscalTill.BERLIN, "test"), zip, false);
        assertThat(summary.transactions()).isEqualTo(1);
        assertThat(summary.tseRecords()).isZero();
        ExportZip export = new ExportZip(zip);
        assertThat(export.rows("transactions.csv")).singleElement()
                .satisfies(b -> assertThat(cents(b.get("UMS_BRUTTO"))).isEqualTo(sale.total()).isEqualTo(2_350));
        assertThat(export.rows("transactions_vat.csv")).extracting(v -> v.get("UST_SCHLUESSEL"), v -> v.get("BON_BRUTTO"),
                v -> v.get("BON_NETTO")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1", "11,90", "10,00"),
                org.assertj.core.groups.Tuple.tuple("1000", "11,60", "10,00"));
        assertThat(export.rows("vat.csv")).anySatisfy(v -> {
            assertThat(v.get("UST_SCHLUESSEL")).isEqualTo("1000");
            assertThat(v.get("UST_SATZ")).isEqualTo("16,00");
            assertThat(v.get("UST_BESCHR")).isEqualTo("Individueller Steuersatz 16,00 %");
        });
        assertThat(export.rows("transactions_tse.csv")).isEmpty();
        assertThat(export.rows("tse.csv")).isEmpty();
    }
}

package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.ExportZip.cents;
import static com.wkpos.edge.agent.fiscal.FiscalTill.BEANS;
import static com.wkpos.edge.agent.fiscal.FiscalTill.MUG;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.refund.Exchanges;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An exchange at a German till: the return and the new sale are two signed transactions in the export, each
 * adding up on its own, the return referring to the sale the goods came from and the new sale paid by the
 * exchange credit (non-cash, "Umtausch") and cash for the difference.
 */
class DsfinvkExchangeTest {
    @TempDir
    Path dir;

    @Test
    void theReturnAndTheNewSaleAreEachASignedTransactionThatAddsUp() {
        Path box = dir.resolve("box");
        FakeClock clock = new FakeClock(Instant.parse("2026-03-02T08:00:00Z"));
        SaleView first;
        Exchanges.Done done;
        try (FiscalTill t = new FiscalTill(box, clock)) {
            t.shifts.open(t.anna, 10_000);
            first = t.sell(new SaleRequest(List.of(line(BEANS, 1)), null, List.of(new SaleRequest.Payment("CASH",
                    t.total(List.of(line(BEANS, 1)))))));
            clock.advance(Duration.ofMinutes(30));
            long mug = t.total(List.of(line(MUG, 1)));
            done = new Exchanges(t.refunds, t.sales).exchange(first.id(), new Exchanges.Request(
                    List.of(new Refunds.Request.Line(1, 1L)), "falsche Sorte", null, List.of(line(MUG, 1)), null,
                    List.of(new SaleRequest.Payment("CASH", mug - first.total())), null, null),
                    UUID.randomUUID().toString(), new Cashier(t.anna.actor(), t.anna.id(), t.anna.name()), "test");
            assertThat(mug).as("the mug costs more than the beans").isGreaterThan(first.total());
            t.sign();
            clock.setWall(Instant.parse("2026-03-02T19:00:00Z"));
            t.shifts.z(t.maria);
            t.sign();
        }
        Path zipFile = dir.resolve("export.zip");
        DsfinvkExport.export(box, LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"),
                new DsfinvkExport.Till("WK Test", FiscalTill.BERLIN, "test"), zipFile, false);
        ExportZip zip = new ExportZip(zipFile);
        String back = "refund:" + done.returned().id();
        String sale = "sale:" + done.sale().id();
        for (String bon : List.of(back, sale)) {
            long gross = cents(row(zip.rows("transactions.csv"), bon).get("UMS_BRUTTO"));
            assertThat(sum(zip.rows("datapayment.csv"), bon, "BASISWAEH_BETRAG")).as("payments of " + bon).isEqualTo(gross);
            assertThat(sum(zip.rows("transactions_vat.csv"), bon, "BON_BRUTTO")).as("VAT of " + bon).isEqualTo(gross);
            assertThat(zip.rows("transactions_tse.csv").stream().filter(r -> r.get("BON_ID").equals(bon)))
                    .as("signed: " + bon).singleElement().satisfies(r -> assertThat(r.get("TSE_TA_FEHLER")).isEmpty());
        }
        assertThat(cents(row(zip.rows("transactions.csv"), back).get("UMS_BRUTTO"))).isEqualTo(-first.total());
        assertThat(cents(row(zip.rows("transactions.csv"), sale).get("UMS_BRUTTO"))).isEqualTo(done.sale().total());
        assertThat(zip.rows("datapayment.csv").stream().filter(p -> p.get("BON_ID").equals(sale))
                .map(p -> p.get("ZAHLART_TYP") + " " + p.get("ZAHLART_NAME") + " " + cents(p.get("BASISWAEH_BETRAG"))))
                .containsExactlyInAnyOrder("Unbar Umtausch " + first.total(),
                        "Bar Bar " + (done.sale().total() - first.total()));
        assertThat(zip.rows("references.csv")).anySatisfy(r -> {
            assertThat(r.get("BON_ID")).isEqualTo(back);
            assertThat(r.get("REF_BON_ID")).isEqualTo("sale:" + first.id());
        });
    }

    private static long sum(List<Map<String, String>> rows, String bon, String column) {
        return rows.stream().filter(r -> r.get("BON_ID").equals(bon)).mapToLong(r -> cents(r.get(column))).sum();
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String bonId) {
        return rows.stream().filter(r -> r.get("BON_ID").equals(bonId)).findFirst()
                .orElseThrow(() -> new AssertionError("no transaction " + bonId));
    }
}

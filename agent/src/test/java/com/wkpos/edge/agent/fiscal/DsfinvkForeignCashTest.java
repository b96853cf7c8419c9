package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.ExportZip.cents;
import static com.wkpos.edge.agent.fiscal.FiscalTill.MUG;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dollars taken, euros given back: the payments add up in euros and keep the dollar amount beside them. */
class DsfinvkForeignCashTest {
    @TempDir
    Path dir;

    @Test
    void foreignCashIsPaidInItsCurrencyAndCountedInEuros() {
        Path box = dir.resolve("box");
        SaleView sale;
        try (FiscalTill t = new FiscalTill(box, new FakeClock(Instant.parse("2026-03-02T09:00:00Z")))) {
            t.shifts.open(t.anna, 5_000);
            sale = t.sell(new SaleRequest(List.of(line(MUG, 1)), null,
                    List.of(new SaleRequest.Payment("CASH", 2_000L, "USD", null))));
            t.sign();
        }
        Path zip = dir.resolve("day.zip");
        DsfinvkExport.export(box, LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"),
                new DsfinvkExport.Till(null, FiscalTill.BERLIN, "test"), zip, false);
        ExportZip export = new ExportZip(zip);
        List<Map<String, String>> paid = export.rows("datapayment.csv").stream()
                .filter(p -> p.get("BON_ID").equals("sale:" + sale.id())).toList();
        assertThat(paid).extracting(p -> p.get("ZAHLART_TYP"), p -> p.get("ZAHLWAEH_CODE"), p -> p.get("ZAHLWAEH_BETRAG"),
                p -> p.get("BASISWAEH_BETRAG")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Bar", "USD", "20,00", "18,40"),
                org.assertj.core.groups.Tuple.tuple("Bar", "EUR", "", "-6,50"));
        assertThat(paid.stream().mapToLong(p -> cents(p.get("BASISWAEH_BETRAG"))).sum()).isEqualTo(sale.total());
        assertThat(export.rows("transactions_tse.csv").stream().filter(r -> r.get("BON_ID").equals("sale:" + sale.id()))
                .findFirst().orElseThrow().get("TSE_VORGANGSDATEN")).contains("20.00:Bar:USD");
    }
}

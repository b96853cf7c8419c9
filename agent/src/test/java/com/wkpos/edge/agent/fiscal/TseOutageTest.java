package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.FiscalTill.BEANS;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.print.ReceiptFacts;
import com.wkpos.edge.agent.print.SaleReceipts;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.escpos.Receipt;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security device is unplugged: sales still complete; after three attempts the recorder marks the
 * document FAILED and its receipt says the TSE was out. A FAILED record is final: once the device is back
 * the next documents are signed, but the failed one is never signed later (the recorder has no such retry).
 */
class TseOutageTest {
    @TempDir
    Path dir;
    private FiscalTill t;
    private String shiftOpened;

    @BeforeEach
    void aSignedShift() {
        t = new FiscalTill(dir.resolve("box"), new FakeClock(Instant.parse("2026-03-02T09:00:00Z")));
        shiftOpened = "shift-open:" + t.shifts.open(t.anna, 5_000).id();
        t.sign();
    }

    @AfterEach
    void close() {
        t.close();
    }

    private SaleView sale() {
        return t.sell(new SaleRequest(List.of(line(BEANS, 1)), null, List.of(new SaleRequest.Payment("CASH", 699L))));
    }

    private String receipt(SaleView sale) {
        ReceiptFacts facts = new ReceiptFacts(List.of("WK Test"), FiscalTill.BERLIN, "Test / WK1", id -> id, a -> a,
                t::record);
        Receipt r = SaleReceipts.receipt(sale, facts, false);
        return PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(r)).getFirst();
    }

    @Test
    void aSaleWithTheDeviceUnpluggedCompletesAndItsReceiptSaysTheTseWasOut() throws Exception {
        t.tse.unplug();
        SaleView sale = sale();
        assertThat(Fiscal.settled(t.journal, "sale:" + sale.id())).as("the receipt waits while pending").isFalse();
        t.sign();
        FiscalRecord r = t.record("sale:" + sale.id()).orElseThrow();
        assertThat(r.status()).isEqualTo(FiscalRecord.FAILED);
        assertThat(r.error()).contains("unplugged");
        assertThat(Fiscal.settled(t.journal, "sale:" + sale.id())).isTrue();
        String text = receipt(sale);
        assertThat(text).contains("TSE ausgefallen").contains("nicht erreichbar").doesNotContain("TSE-Transaktion");
        assertThat(SaleReceipts.receipt(sale, new ReceiptFacts(List.of(), FiscalTill.BERLIN, "t", id -> id, a -> a,
                t::record), false).qrData()).as("no fiscal QR code without a signature").isNull();
    }

    @Test
    void onceThePluggedBackDeviceAnswersTheNextSalesAreSignedButTheFailedOneStaysFailed() throws Exception {
        long before = t.record(shiftOpened).orElseThrow().transactionNumber();
        t.tse.unplug();
        SaleView out = sale();
        t.sign();
        t.tse.plug();
        SaleView back = sale();
        t.sign();
        FiscalRecord signed = t.record("sale:" + back.id()).orElseThrow();
        assertThat(signed.signed()).isTrue();
        assertThat(signed.transactionNumber()).as("the failed sale never reached the device").isEqualTo(before + 1);
        assertThat(receipt(back)).contains("TSE-Transaktion").doesNotContain("TSE ausgefallen");
        assertThat(t.record("sale:" + out.id()).orElseThrow().status()).isEqualTo(FiscalRecord.FAILED);
        t.sign();
        assertThat(t.record("sale:" + out.id()).orElseThrow().status()).as("no later signing of a failed record")
                .isEqualTo(FiscalRecord.FAILED);
        assertThat(Agent.verifier().verify(t.dir).findings()).isEmpty();
    }

    @Test
    void aDeviceThatMissesTwiceAndThenAnswersStillSigns() {
        t.tse.failNext(2);
        SaleView sale = sale();
        t.sign();
        assertThat(t.record("sale:" + sale.id()).orElseThrow().signed()).isTrue();
    }

    @Test
    void theExportListsTheOutageWithWhatWouldHaveBeenSigned() throws Exception {
        t.tse.unplug();
        SaleView sale = sale();
        t.sign();
        Path zip = dir.resolve("day.zip");
        DsfinvkExport.export(t.dir, LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"),
                new DsfinvkExport.Till(null, FiscalTill.BERLIN, "test"), zip, false);
        Map<String, String> row = new ExportZip(zip).rows("transactions_tse.csv").stream()
                .filter(r -> r.get("BON_ID").equals("sale:" + sale.id())).findFirst().orElseThrow();
        assertThat(row.get("TSE_TA_FEHLER")).startsWith("TSE ausgefallen: ").contains("unplugged");
        assertThat(row.get("TSE_ID")).isEmpty();
        assertThat(row.get("TSE_TA_SIG")).isEmpty();
        assertThat(row.get("TSE_VORGANGSDATEN")).isEqualTo("Beleg^0.00_6.99_0.00_0.00_0.00^6.99:Bar");
    }
}

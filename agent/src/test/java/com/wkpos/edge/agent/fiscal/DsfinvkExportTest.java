package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.ExportZip.cents;
import static com.wkpos.edge.agent.fiscal.FiscalTill.BEANS;
import static com.wkpos.edge.agent.fiscal.FiscalTill.CAKE;
import static com.wkpos.edge.agent.fiscal.FiscalTill.MUG;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.refund.RefundView;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.fiscal.TseQrCode;
import com.wkpos.edge.drivers.fiscal.TseVerifier;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A day at a German till (float, cash, card and mixed sales at 19 and 7 %, a refund, a cash payout, a drawer
 * opened, a gift card sold, the Z report, a shift opened after it and a sale after midnight), exported and
 * read back as an auditor's tool reads it.
 */
class DsfinvkExportTest {
    private static final LocalDate DAY = LocalDate.parse("2026-03-02");
    private static final DsfinvkExport.Till TILL = new DsfinvkExport.Till("WK Test \"Markt\"; Mitte",
            FiscalTill.BERLIN, "test");

    @TempDir
    Path dir;
    private Path box;
    private final List<SaleView> daySales = new ArrayList<>();
    private SaleView cashSale;
    private SaleView cardSale;
    private SaleView afterMidnight;
    private RefundView refund;

    @BeforeEach
    void aDayAtTheTill() {
        box = dir.resolve("box");
        FakeClock clock = new FakeClock(Instant.parse("2026-03-02T08:00:00Z"));
        try (FiscalTill t = new FiscalTill(box, clock)) {
            t.shifts.open(t.anna, 10_000);
            clock.advance(java.time.Duration.ofMinutes(10));
            cashSale = t.sell(new SaleRequest(List.of(line(BEANS, 2), line(MUG, 1)), null,
                    List.of(new SaleRequest.Payment("CASH", 5_000L))));
            List<SaleRequest.Line> cardLines = List.of(line(CAKE, 1), line(BEANS, 1));
            cardSale = t.sell(new SaleRequest(cardLines, null, List.of(new SaleRequest.Payment("CARD",
                    t.total(cardLines)))));
            List<SaleRequest.Line> mixedLines = List.of(line(MUG, 2), line(CAKE, 3));
            SaleView mixed = t.sell(new SaleRequest(mixedLines, null, List.of(new SaleRequest.Payment("CASH", 1_000L),
                    new SaleRequest.Payment("CARD", t.total(mixedLines) - 1_000))));
            daySales.addAll(List.of(cashSale, cardSale, mixed));
            clock.advance(java.time.Duration.ofHours(1));
            refund = t.refunds.refund(cashSale.id(), new Refunds.Request(List.of(new Refunds.Request.Line(
                    cashSale.lines().getFirst().lineNo(), 1L)), "CASH", null, "Kunde; \"unzufrieden\"", null),
                    UUID.randomUUID().toString(), t.anna.actor(), t.anna.id(), "test");
            t.shifts.moveCash(t.anna, false, 2_000, "Bank; \"Einzahlung\"", null, "test", null);
            t.shifts.noSale(t.anna, "Wechselgeld", null, "test");
            t.giftCards.issue("GIFT-0001", 2_500, t.anna.actor(), t.anna.id());
            t.sign();
            clock.setWall(Instant.parse("2026-03-02T19:00:00Z"));
            t.shifts.z(t.maria);
            t.sign();
            clock.setWall(Instant.parse("2026-03-02T22:00:00Z"));
            t.shifts.open(t.anna, 5_000);
            clock.setWall(Instant.parse("2026-03-02T23:30:00Z"));
            afterMidnight = t.sell(new SaleRequest(List.of(line(BEANS, 1)), null,
                    List.of(new SaleRequest.Payment("CASH", 699L))));
            t.sign();
        }
    }

    private ExportZip export(LocalDate from, LocalDate to) {
        Path out = dir.resolve("export-" + from + "-" + to + ".zip");
        DsfinvkExport.export(box, from, to, TILL, out, false);
        return new ExportZip(out);
    }

    @Test
    void everyTransactionAddsUpAndTheSalesMatchTheSalesTable() throws Exception {
        ExportZip zip = export(DAY, DAY);
        List<Map<String, String>> bons = zip.rows("transactions.csv");
        Map<String, Long> vat = sumBy(zip.rows("transactions_vat.csv"), "BON_BRUTTO");
        Map<String, Long> paid = sumBy(zip.rows("datapayment.csv"), "BASISWAEH_BETRAG");
        Map<String, Long> lines = sumBy(zip.rows("lines_vat.csv"), "POS_BRUTTO");
        for (Map<String, String> b : bons) {
            long gross = cents(b.get("UMS_BRUTTO"));
            String id = b.get("BON_ID");
            assertThat(vat.getOrDefault(id, 0L)).as("VAT rows of " + id).isEqualTo(gross);
            assertThat(paid.getOrDefault(id, 0L)).as("payments of " + id).isEqualTo(gross);
            assertThat(lines.getOrDefault(id, 0L)).as("lines of " + id).isEqualTo(gross);
        }
        for (Map<String, String> v : zip.rows("transactions_vat.csv")) {
            assertThat(cents(v.get("BON_NETTO")) + cents(v.get("BON_UST"))).isEqualTo(cents(v.get("BON_BRUTTO")));
        }
        long exportedSales = bons.stream().filter(b -> b.get("BON_NAME").equals("Verkauf"))
                .mapToLong(b -> cents(b.get("UMS_BRUTTO"))).sum();
        assertThat(exportedSales).isEqualTo(salesTableTotal("2026-03-02T23:00:00Z"))
                .isEqualTo(daySales.stream().mapToLong(SaleView::total).sum());
        assertThat(row(bons, "refund:" + refund.id()).get("UMS_BRUTTO")).isEqualTo(amount(-refund.amount()));
        assertThat(row(bons, "sale:" + cashSale.id()).get("UMS_BRUTTO")).isEqualTo("25,88");
        assertThat(row(bons, "sale:" + cashSale.id()).get("BEDIENER_NAME")).isEqualTo("Anna Kassiererin");
    }

    @Test
    void vatPerKeyAndPaymentsPerTypeAreWhatWasSold() {
        ExportZip zip = export(DAY, DAY);
        Map<Integer, Long> sold = new TreeMap<>();
        for (SaleView s : daySales) {
            for (PricedSale.Line l : s.lines()) {
                sold.merge(l.taxBasisPoints() == 1900 ? 1 : 2, l.total(), Long::sum);
            }
        }
        Map<Integer, Long> exported = new TreeMap<>();
        zip.rows("transactions_vat.csv").stream().filter(v -> v.get("BON_ID").startsWith("sale:"))
                .forEach(v -> exported.merge(Integer.parseInt(v.get("UST_SCHLUESSEL")), cents(v.get("BON_BRUTTO")),
                        Long::sum));
        assertThat(exported).isEqualTo(sold).containsOnlyKeys(1, 2);
        List<Map<String, String>> card = zip.rows("datapayment.csv").stream()
                .filter(p -> p.get("BON_ID").equals("sale:" + cardSale.id())).toList();
        assertThat(card).singleElement().satisfies(p -> {
            assertThat(p.get("ZAHLART_TYP")).isEqualTo("Unbar");
            assertThat(p.get("ZAHLART_NAME")).isEqualTo("Karte");
            assertThat(cents(p.get("BASISWAEH_BETRAG"))).isEqualTo(cardSale.total());
        });
        List<Map<String, String>> cash = zip.rows("datapayment.csv").stream()
                .filter(p -> p.get("BON_ID").equals("sale:" + cashSale.id())).toList();
        assertThat(cash).singleElement().satisfies(p -> {
            assertThat(p.get("ZAHLART_TYP")).isEqualTo("Bar");
            assertThat(p.get("ZAHLWAEH_CODE")).isEqualTo("EUR");
            assertThat(cents(p.get("BASISWAEH_BETRAG"))).as("50,00 taken, 24,12 given back").isEqualTo(2_588);
        });
        Map<String, String> bonNames = zip.rows("transactions.csv").stream()
                .collect(Collectors.toMap(b -> b.get("BON_ID").split(":")[0], b -> b.get("BON_NAME"), (a, b) -> a));
        assertThat(bonNames).containsEntry("shift-open", "Wechselgeld-Einlage").containsEntry("cash", "Auszahlung")
                .containsEntry("no-sale", "Schublade ohne Verkauf geöffnet").containsEntry("giftcard", "Gutscheinverkauf")
                .containsEntry("z", "Geldtransit Tagesabschluss").containsEntry("refund", "Erstattung");
        Map<String, String> drawer = zip.rows("transactions.csv").stream()
                .filter(b -> b.get("BON_ID").startsWith("no-sale:")).findFirst().orElseThrow();
        assertThat(drawer.get("BON_TYP")).isEqualTo("AVSonstige");
        assertThat(drawer.get("UMS_BRUTTO")).isEqualTo("0,00");
        Map<String, String> payout = zip.rows("lines.csv").stream()
                .filter(l -> l.get("BON_ID").startsWith("cash:")).findFirst().orElseThrow();
        assertThat(payout.get("GV_TYP")).isEqualTo("Auszahlung");
        assertThat(payout.get("STK_BR")).isEqualTo("-20,00");
        assertThat(zip.rows("references.csv")).singleElement().satisfies(r -> {
            assertThat(r.get("BON_ID")).isEqualTo("refund:" + refund.id());
            assertThat(r.get("REF_BON_ID")).isEqualTo("sale:" + cashSale.id());
            assertThat(r.get("REF_Z_NR")).isEqualTo("1");
        });
    }

    @Test
    void everyTransactionHasATseRecordThatVerifiesWithTheKeyInTseCsv() {
        ExportZip zip = export(DAY, DAY);
        Map<String, Map<String, String>> tses = zip.rows("tse.csv").stream()
                .collect(Collectors.toMap(t -> t.get("TSE_ID"), Function.identity(), (a, b) -> a));
        Map<String, List<Map<String, String>>> byBon = zip.rows("transactions_tse.csv").stream()
                .collect(Collectors.groupingBy(t -> t.get("BON_ID")));
        List<Map<String, String>> bons = zip.rows("transactions.csv");
        assertThat(bons).hasSize(10);
        for (Map<String, String> b : bons) {
            assertThat(byBon.get(b.get("BON_ID"))).as("TSE record of " + b.get("BON_ID")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.get("TSE_TA_FEHLER")).isEmpty();
                        TseQrCode code = qr(b.get("Z_KASSE_ID"), r, tses.get(r.get("TSE_ID")));
                        assertThat(TseVerifier.verify(code)).as("signature of " + b.get("BON_ID")).isTrue();
                    });
        }
        Map<String, String> cash = byBon.get("sale:" + cashSale.id()).getFirst();
        assertThat(cash.get("TSE_VORGANGSDATEN")).isEqualTo("Beleg^11.90_13.98_0.00_0.00_0.00^25.88:Bar");
        Map<String, String> altered = new java.util.HashMap<>(cash);
        altered.put("TSE_VORGANGSDATEN", "Beleg^11.90_3.98_0.00_0.00_0.00^15.88:Bar");
        assertThat(TseVerifier.verify(qr(bons.getFirst().get("Z_KASSE_ID"), altered, tses.get(cash.get("TSE_ID")))))
                .as("the check can fail").isFalse();
        assertThat(tses).hasSize(1);
    }

    @Test
    void filesAreSemicolonSeparatedCrlfUtf8WithQuotedTextAndDecimalCommas() {
        ExportZip zip = export(DAY, DAY);
        assertThat(zip.files.keySet()).contains("index.xml", "cashpointclosing.csv", "transactions.csv",
                "transactions_vat.csv", "lines.csv", "lines_vat.csv", "datapayment.csv", "transactions_tse.csv",
                "tse.csv", "cashregister.csv", "vat.csv", "references.csv");
        for (String file : zip.files.keySet().stream().filter(f -> f.endsWith(".csv")).toList()) {
            String text = zip.text(file);
            assertThat(text).as(file).endsWith("\r\n").doesNotContainPattern("[^\r]\n");
        }
        assertThat(zip.header("transactions.csv")).startsWith("Z_KASSE_ID", "Z_ERSTELLUNG", "Z_NR", "BON_ID", "BON_NR",
                "BON_TYP", "BON_NAME", "TERMINAL_ID", "BON_STORNO", "BON_START", "BON_ENDE", "BEDIENER_ID",
                "BEDIENER_NAME", "UMS_BRUTTO", "KUNDE_NAME");
        assertThat(zip.header("transactions_tse.csv")).containsSubsequence("TSE_ID", "TSE_TANR", "TSE_TA_START",
                "TSE_TA_ENDE", "TSE_TA_VORGANGSART", "TSE_TA_SIGZ", "TSE_TA_SIG", "TSE_TA_FEHLER", "TSE_VORGANGSDATEN");
        assertThat(zip.text("lines.csv")).contains(";\"" + FiscalTill.BEANS_NAME.replace("\"", "\"\"") + "\";");
        assertThat(zip.rows("lines.csv")).anyMatch(l -> l.get("ARTIKELTEXT").equals(FiscalTill.BEANS_NAME));
        assertThat(zip.text("transactions.csv")).contains(";\"Bank; \"\"Einzahlung\"\"\"\r\n");
        assertThat(zip.rows("transactions.csv")).anyMatch(b -> b.get("BON_NOTIZ").equals("Bank; \"Einzahlung\""));
        assertThat(zip.rows("cashpointclosing.csv").getFirst().get("NAME")).isEqualTo(TILL.branchName());
        String cashSaleLine = zip.text("transactions.csv").lines().filter(l -> l.contains(cashSale.id()))
                .findFirst().orElseThrow();
        assertThat(cashSaleLine).contains(";25,88;").contains(";\"sale:" + cashSale.id() + "\";")
                .contains(";" + cashSale.invoiceNo() + ";\"Beleg\";");
        assertThat(zip.rows("lines.csv")).allSatisfy(l -> {
            assertThat(l.get("MENGE")).matches("-?\\d+,\\d{3}");
            assertThat(l.get("STK_BR")).matches("-?\\d+,\\d{2}");
        });
        assertThat(zip.rows("vat.csv")).anySatisfy(v -> {
            assertThat(v.get("UST_SCHLUESSEL")).isEqualTo("2");
            assertThat(v.get("UST_SATZ")).isEqualTo("7,00");
        });
    }

    @Test
    void eachTransactionCarriesTheZThatClosedItAndEachZItsTotals() {
        ExportZip zip = export(DAY, DAY);
        List<Map<String, String>> bons = zip.rows("transactions.csv");
        Map<String, String> lateShift = bons.getLast();
        assertThat(lateShift.get("BON_ID")).startsWith("shift-open:");
        assertThat(lateShift.get("Z_NR")).isEmpty();
        assertThat(lateShift.get("Z_ERSTELLUNG")).isEmpty();
        assertThat(bons.subList(0, bons.size() - 1)).allSatisfy(b -> {
            assertThat(b.get("Z_NR")).isEqualTo("1");
            assertThat(b.get("Z_ERSTELLUNG")).isEqualTo("2026-03-02T20:00:00");
        });
        assertThat(bons.getFirst().get("BON_START")).isEqualTo("2026-03-02T09:00:00");
        List<Map<String, String>> z1 = bons.stream().filter(b -> b.get("Z_NR").equals("1")).toList();
        List<Map<String, String>> z1Payments = zip.rows("datapayment.csv").stream()
                .filter(p -> p.get("Z_NR").equals("1")).toList();
        assertThat(zip.rows("cashpointclosing.csv")).singleElement().satisfies(z -> {
            assertThat(z.get("Z_NR")).isEqualTo("1");
            assertThat(z.get("Z_BUCHUNGSTAG")).isEqualTo("2026-03-02");
            assertThat(z.get("Z_START_ID")).isEqualTo(z1.getFirst().get("BON_ID"));
            assertThat(z.get("Z_ENDE_ID")).isEqualTo("z:1").isEqualTo(z1.getLast().get("BON_ID"));
            assertThat(cents(z.get("Z_SE_ZAHLUNGEN")))
                    .isEqualTo(z1Payments.stream().mapToLong(p -> cents(p.get("BASISWAEH_BETRAG"))).sum());
            assertThat(cents(z.get("Z_SE_BARZAHLUNGEN"))).isEqualTo(z1Payments.stream()
                    .filter(p -> p.get("ZAHLART_TYP").equals("Bar")).mapToLong(p -> cents(p.get("BASISWAEH_BETRAG"))).sum());
        });
        assertThat(zip.rows("cashregister.csv")).extracting(r -> r.get("Z_NR")).containsExactly("1", "");
        assertThat(zip.rows("vat.csv")).extracting(r -> r.get("Z_NR")).containsOnly("1", "").hasSize(10);
    }

    @Test
    void theDayIsTheBranchesDaySoASaleAfterMidnightBelongsToTheNextOne() {
        ExportZip day = export(DAY, DAY);
        assertThat(day.rows("transactions.csv")).noneMatch(b -> b.get("BON_ID").equals("sale:" + afterMidnight.id()));
        ExportZip next = export(DAY.plusDays(1), DAY.plusDays(1));
        assertThat(next.rows("transactions.csv")).singleElement().satisfies(b -> {
            assertThat(b.get("BON_ID")).isEqualTo("sale:" + afterMidnight.id());
            assertThat(b.get("BON_START")).isEqualTo("2026-03-03T00:30:00");
            assertThat(b.get("Z_NR")).isEmpty();
        });
        assertThat(next.rows("cashpointclosing.csv")).isEmpty();
        ExportZip both = export(DAY, DAY.plusDays(1));
        assertThat(both.rows("transactions.csv")).hasSize(day.rows("transactions.csv").size() + 1);
        ExportZip before = export(DAY.minusDays(1), DAY.minusDays(1));
        assertThat(before.rows("transactions.csv")).isEmpty();
        assertThat(before.rows("transactions_tse.csv")).isEmpty();
    }

    @Test
    void indexXmlDescribesEveryTableWithItsColumns() throws Exception {
        ExportZip zip = export(DAY, DAY);
        Document index = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(zip.files.get("index.xml")));
        NodeList tables = index.getElementsByTagName("Table");
        List<String> described = new ArrayList<>();
        for (int i = 0; i < tables.getLength(); i++) {
            Element table = (Element) tables.item(i);
            String url = table.getElementsByTagName("URL").item(0).getTextContent();
            described.add(url);
            NodeList columns = table.getElementsByTagName("VariableColumn");
            List<String> names = new ArrayList<>();
            for (int c = 0; c < columns.getLength(); c++) {
                names.add(((Element) columns.item(c)).getElementsByTagName("Name").item(0).getTextContent());
            }
            assertThat(names).as(url).isEqualTo(zip.header(url));
        }
        assertThat(described).containsExactlyInAnyOrderElementsOf(zip.files.keySet().stream()
                .filter(f -> f.endsWith(".csv")).toList());
        assertThat(zip.text("index.xml")).contains("Simplified").contains("subset");
    }

    private static TseQrCode qr(String clientId, Map<String, String> r, Map<String, String> tse) {
        return new TseQrCode(clientId, r.get("TSE_TA_VORGANGSART"), r.get("TSE_VORGANGSDATEN"),
                Long.parseLong(r.get("TSE_TANR")), Long.parseLong(r.get("TSE_TA_SIGZ")), r.get("TSE_TA_START"),
                r.get("TSE_TA_ENDE"), tse.get("TSE_SIG_ALGO"), tse.get("TSE_ZEITFORMAT"), r.get("TSE_TA_SIG"),
                tse.get("TSE_PUBLIC_KEY"));
    }

    private long salesTableTotal(String before) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + box.resolve("journal.db") + "?mode=ro");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SUM(total) FROM sales WHERE occurred_at < '" + before + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Long> sumBy(List<Map<String, String>> rows, String column) {
        Map<String, Long> out = new TreeMap<>();
        rows.forEach(r -> out.merge(r.get("BON_ID"), cents(r.get(column)), Long::sum));
        return out;
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String bonId) {
        return rows.stream().filter(r -> r.get("BON_ID").equals(bonId)).findFirst()
                .orElseThrow(() -> new AssertionError("no transaction " + bonId));
    }

    private static String amount(long minor) {
        return DsfinvkTable.decimal(minor, 2);
    }
}

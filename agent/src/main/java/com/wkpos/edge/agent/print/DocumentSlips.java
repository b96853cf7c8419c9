package com.wkpos.edge.agent.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.fiscal.FiscalRecord;
import com.wkpos.edge.agent.refund.RefundView;
import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.escpos.Receipt;
import com.wkpos.edge.drivers.escpos.Report;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Lays out the till's documents other than sale receipts: X and Z reports (from the same JSON the API
 * answers, so paper and screen cannot disagree) and refund and void slips (from the refund as
 * committed, with the sale's line names). Every label is words a store manager reads, never a code.
 */
final class DocumentSlips {
    /** What each kind of drawer movement is called on paper. */
    static final Map<String, String> DRAWER_NAMES = Map.of("FLOAT", "Anfangsbestand / Float",
            "SALE", "Bareinnahmen / Cash sales", "REFUND", "Barerstattungen / Cash refunds",
            "VOID", "Stornos bar / Cash voids", "CASH_IN", "Einlagen / Cash in", "CASH_OUT", "Entnahmen / Cash out",
            "GIFT_CARD_SALE", "Gutscheinverkauf / Gift cards sold", "VARIANCE", "Kassendifferenz / Variance",
            "DEPOSIT", "In den Tresor / To the safe");

    private DocumentSlips() {
    }

    /**
     * An X or Z report: period, sales, refunds and voids, turnover, methods, tax rates, categories by name,
     * the drawer's movements and the cash that should be in it.
     *
     * @param categoryName a category's name by id
     */
    static Report report(JsonNode r, ReceiptFacts facts, Function<String, String> categoryName, boolean copy,
                         String currency) {
        boolean z = r.path("kind").asText().equals("Z");
        JsonNode t = r.required("totals");
        List<Report.Row> rows = new ArrayList<>();
        if (z) {
            rows.add(new Report.Text("Geschäftstag / Business day " + r.path("businessDate").asText()));
            rows.add(new Report.Text("Journal " + r.path("fromSeq").asLong() + " - " + r.path("toSeq").asLong()));
        } else {
            rows.add(new Report.Text("Zwischenbericht - kein Abschluss / not a closing"));
            rows.add(new Report.Text("Seit / Since journal " + (r.path("sinceSeq").asLong() + 1)));
        }
        rows.add(new Report.Text(facts.local(r.path("at").asText()) + " Kasse " + facts.till()));
        if (r.hasNonNull("actor")) {
            rows.add(new Report.Text("Erstellt von / By " + facts.names().apply(r.get("actor").asText())));
        }
        rows.add(new Report.Rule());
        rows.add(new Report.Amount("Verkäufe / Sales (" + t.path("salesCount").asLong() + ")", t.path("salesTotal").asLong()));
        rows.add(new Report.Amount("davon MwSt / of which tax", t.path("salesTax").asLong()));
        rows.add(new Report.Amount("davon Rundung / of which rounding", t.path("rounding").asLong()));
        rows.add(new Report.Amount("Erstattungen / Refunds (" + t.path("refundsCount").asLong() + ")",
                -t.path("refundsTotal").asLong()));
        rows.add(new Report.Amount("Stornos / Voids (" + t.path("voidsCount").asLong() + ")", -t.path("voidsTotal").asLong()));
        rows.add(new Report.Amount("Umsatz / Turnover", t.path("turnover").asLong(), true));
        if (z) {
            rows.add(new Report.Amount("Gesamtsumme / Grand total", r.path("grandTotal").asLong(), true));
        }
        section(rows, "Zahlarten / By method", t.path("byMethod"), DocumentSlips::methodName);
        rows.add(new Report.Rule());
        rows.add(new Report.Heading("MwSt / By tax rate"));
        t.path("byTaxRate").properties().forEach(e -> {
            JsonNode rate = e.getValue();
            String label = "MwSt " + BigDecimal.valueOf(rate.path("rateBasisPoints").asLong(), 2)
                    .stripTrailingZeros().toPlainString().replace('.', ',') + " %";
            rows.add(new Report.Amount(label + " Netto / net", rate.path("net").asLong()));
            rows.add(new Report.Amount(label + " Steuer / tax", rate.path("tax").asLong()));
            rows.add(new Report.Amount(label + " Brutto / gross", rate.path("gross").asLong()));
        });
        section(rows, "Warengruppen / By category", t.path("byCategory"), categoryName);
        drawer(rows, r, t.path("drawer"), z);
        return new Report(facts.header(), z ? "Z-BERICHT / Z REPORT " + r.path("zNo").asLong() : "X-BERICHT / X REPORT",
                rows, copy, currency);
    }

    /**
     * The drawer's movements by name, then what the drawer should hold: for an X the open shifts' expected
     * cash now; for a Z the expected cash before closing, what was counted and taken to the safe, and the
     * difference.
     */
    private static void drawer(List<Report.Row> rows, JsonNode r, JsonNode drawer, boolean z) {
        section(rows, "Kasse / Drawer", drawer, kind -> DRAWER_NAMES.getOrDefault(kind, kind));
        rows.add(new Report.Rule());
        if (z) {
            long expected = 0;
            for (var e : drawer.properties()) {
                if (!e.getKey().equals("DEPOSIT") && !e.getKey().equals("VARIANCE")) {
                    expected += e.getValue().asLong();
                }
            }
            // shifts still open at the Z are closed by it, their cash counted as expected
            long counted = -drawer.path("DEPOSIT").asLong();
            long variance = drawer.path("VARIANCE").asLong();
            for (JsonNode closed : r.path("closedShifts")) {
                counted += closed.path("counted").asLong();
                variance += closed.path("variance").asLong();
            }
            rows.add(new Report.Amount("Kassenbestand Soll / Expected cash", expected, true));
            rows.add(new Report.Amount("Gezählt / Counted", counted));
            rows.add(new Report.Amount("Differenz / Variance", variance));
        } else {
            long expected = 0;
            for (JsonNode shift : r.path("openShifts")) {
                expected += shift.path("expected").asLong();
                rows.add(new Report.Amount("Schicht / Shift " + shift.path("staffId").asText() + " Soll",
                        shift.path("expected").asLong()));
            }
            rows.add(new Report.Amount("Kassenbestand Soll / Expected cash", expected, true));
        }
    }

    /**
     * A refund or void slip: which sale, the lines given back (gross), tax per rate, how the money went
     * back, the fiscal block, the card's customer copy, a line for the customer's signature.
     */
    static Report refund(RefundView refund, Optional<SaleView> sale, ReceiptFacts facts, boolean copy, String currency) {
        boolean isVoid = refund.kind().equals("VOID");
        List<Report.Row> rows = new ArrayList<>();
        rows.add(new Report.Text("Zu Beleg-Nr. / For receipt " + sale.map(s -> String.valueOf(s.invoiceNo())).orElse("?")));
        sale.ifPresent(s -> rows.add(new Report.Text("vom / of " + facts.local(s.createdAt()))));
        rows.add(new Report.Text(facts.local(refund.createdAt()) + " Kasse " + facts.till()));
        rows.add(new Report.Text("Es bediente Sie: " + facts.names().apply(refund.actor())));
        rows.add(new Report.Text("Grund / Reason: " + refund.reason()));
        rows.add(new Report.Rule());
        Map<Integer, long[]> taxes = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (RefundView.Line l : refund.lines()) {
            Optional<PricedSale.Line> sold = sale.flatMap(s -> s.lines().stream().filter(x -> x.lineNo() == l.lineNo())
                    .findFirst());
            String name = sold.map(PricedSale.Line::name).orElse("Position " + l.lineNo());
            rows.add(new Report.Amount(l.qty() + " x " + name, -l.total()));
            long[] sums = taxes.computeIfAbsent(sold.map(PricedSale.Line::taxBasisPoints).orElse(-1), k -> new long[2]);
            sums[0] += l.net();
            sums[1] += l.tax();
        }
        long lines = refund.lines().stream().mapToLong(RefundView.Line::total).sum();
        if (refund.amount() != lines) {
            rows.add(new Report.Amount("Rundung / Rounding", lines - refund.amount()));
        }
        rows.add(new Report.Rule());
        rows.add(new Report.Amount(isVoid ? "STORNO / VOID" : "ERSTATTUNG / REFUND", -refund.amount(), true));
        taxes.forEach((bp, sums) -> {
            String rate = bp < 0 ? "?" : BigDecimal.valueOf(bp, 2).stripTrailingZeros().toPlainString().replace('.', ',');
            rows.add(new Report.Amount("  darin MwSt " + rate + " % auf " + money(-sums[0]), -sums[1]));
        });
        for (RefundView.Payment p : refund.payments()) {
            rows.add(new Report.Amount(methodName(p.method()) + (p.amount() < 0 ? " (Rückgeld / change back)" : ""),
                    -p.amount()));
        }
        if (refund.points() != 0) {
            rows.add(new Report.Text("Punkte zurück / Points back: " + refund.points()));
        }
        facts.fiscal().apply("refund:" + refund.id()).ifPresent(f -> fiscal(rows, f, facts));
        List<String> slip = CardSlips.customerCopy(refund.cardSlip());
        if (!slip.isEmpty()) {
            rows.add(new Report.Rule());
            rows.add(new Report.Heading("Kartenzahlung - Kundenbeleg"));
            slip.forEach(line -> rows.add(new Report.Text(line)));
        }
        rows.add(new Report.Rule());
        rows.add(new Report.Text("Unterschrift / Signature:"));
        rows.add(new Report.Text(" "));
        rows.add(new Report.Text("Beleg-ID " + refund.id()));
        return new Report(facts.header(), isVoid ? "STORNO / VOID" : "ERSTATTUNG / REFUND", rows, copy, currency);
    }

    private static void fiscal(List<Report.Row> rows, FiscalRecord f, ReceiptFacts facts) {
        rows.add(new Report.Rule());
        switch (SaleReceipts.fiscalBlock(f, facts)) {
            case Receipt.Signed s -> {
                rows.add(new Report.Text("TSE-Transaktion " + s.transactionNumber() + ", Signaturzähler "
                        + s.signatureCounter()));
                rows.add(new Report.Text("TSE-Start " + s.start() + ", Ende " + s.finish()));
                rows.add(new Report.Text("TSE-Seriennummer " + s.tseSerial()));
                rows.add(new Report.Text("Kassen-Seriennummer " + s.clientId()));
                rows.add(new Report.Qr(f.qrCode()));
            }
            case Receipt.Unavailable u -> rows.add(new Report.Text("TSE ausgefallen: " + u.reason()));
        }
    }

    private static String money(long minor) {
        return String.format(java.util.Locale.GERMANY, "%s%d,%02d €", minor < 0 ? "-" : "", Math.abs(minor) / 100,
                Math.abs(minor) % 100);
    }

    private static void section(List<Report.Row> rows, String heading, JsonNode sums, Function<String, String> label) {
        rows.add(new Report.Rule());
        rows.add(new Report.Heading(heading));
        sums.properties().forEach(e -> rows.add(new Report.Amount(label.apply(e.getKey()), e.getValue().asLong())));
    }

    private static String methodName(String method) {
        int colon = method.indexOf(':');
        String base = colon < 0 ? method : method.substring(0, colon);
        return SaleReceipts.METHOD_NAMES.getOrDefault(base, base) + (colon < 0 ? "" : " " + method.substring(colon + 1));
    }
}

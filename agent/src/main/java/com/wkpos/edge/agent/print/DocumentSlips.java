package com.wkpos.edge.agent.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.refund.RefundView;
import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleView;
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
 * committed, with the sale's line names).
 */
final class DocumentSlips {
    static final Map<String, String> METHOD_NAMES = Map.of("CASH", "Bar / Cash", "CARD", "Karte / Card",
            "GIFT_CARD", "Gutschein / Gift card", "STORE_CREDIT", "Guthaben / Store credit", "MOBILE", "Mobile");

    private DocumentSlips() {
    }

    /** An X or Z report: period, sales, refunds and voids, turnover, methods, tax rates, categories, drawer. */
    static Report report(JsonNode r, List<String> header, boolean copy, String currency) {
        boolean z = r.path("kind").asText().equals("Z");
        JsonNode t = r.required("totals");
        List<Report.Row> rows = new ArrayList<>();
        if (z) {
            rows.add(new Report.Text("Geschäftstag / Business day " + r.path("businessDate").asText()));
            rows.add(new Report.Text("Journal " + r.path("fromSeq").asLong() + " - " + r.path("toSeq").asLong()));
        } else {
            rows.add(new Report.Text("Seit / Since journal " + (r.path("sinceSeq").asLong() + 1)));
            rows.add(new Report.Text("Zwischenbericht - kein Abschluss / not a closing"));
        }
        rows.add(new Report.Text(r.path("at").asText() + (r.hasNonNull("actor") ? " " + r.get("actor").asText() : "")));
        rows.add(new Report.Rule());
        rows.add(new Report.Amount("Verkäufe / Sales (" + t.path("salesCount").asLong() + ")", t.path("salesTotal").asLong()));
        rows.add(new Report.Amount("davon MwSt / of which tax", t.path("salesTax").asLong()));
        rows.add(new Report.Amount("Rundung / Rounding", t.path("rounding").asLong()));
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
            String label = e.getKey() + " " + BigDecimal.valueOf(rate.path("rateBasisPoints").asLong(), 2)
                    .stripTrailingZeros().toPlainString() + " %";
            rows.add(new Report.Amount(label + " Netto / net", rate.path("net").asLong()));
            rows.add(new Report.Amount(label + " Steuer / tax", rate.path("tax").asLong()));
            rows.add(new Report.Amount(label + " Brutto / gross", rate.path("gross").asLong()));
        });
        section(rows, "Warengruppen / By category", t.path("byCategory"), Function.identity());
        section(rows, "Kasse / Drawer", t.path("drawer"), Function.identity());
        return new Report(header, z ? "Z-BERICHT / Z REPORT " + r.path("zNo").asLong() : "X-BERICHT / X REPORT", rows,
                copy, currency);
    }

    /** A refund or void slip: which sale, the lines given back, how the money went back, the card's slip. */
    static Report refund(RefundView refund, Optional<SaleView> sale, List<String> header, boolean copy, String currency) {
        boolean isVoid = refund.kind().equals("VOID");
        List<Report.Row> rows = new ArrayList<>();
        rows.add(new Report.Text("Beleg-Nr. / Receipt " + sale.map(s -> String.valueOf(s.invoiceNo())).orElse("?")
                + " " + sale.map(SaleView::createdAt).orElse("")));
        rows.add(new Report.Text("Verkauf / Sale:"));
        rows.add(new Report.Text(refund.saleId()));
        rows.add(new Report.Text(refund.createdAt() + " " + refund.actor()));
        rows.add(new Report.Text("Grund / Reason: " + refund.reason()));
        rows.add(new Report.Rule());
        if (isVoid) {
            sale.ifPresent(s -> s.lines().forEach(l -> rows.add(new Report.Amount(l.qty() + " x " + l.name(), -l.total()))));
        } else {
            for (RefundView.Line l : refund.lines()) {
                String name = sale.flatMap(s -> s.lines().stream().filter(x -> x.lineNo() == l.lineNo()).findFirst())
                        .map(PricedSale.Line::name).orElse("line " + l.lineNo());
                rows.add(new Report.Amount(l.qty() + " x " + name, -l.total()));
            }
        }
        rows.add(new Report.Rule());
        rows.add(new Report.Amount(isVoid ? "STORNO / VOID" : "ERSTATTUNG / REFUND", -refund.amount(), true));
        for (RefundView.Payment p : refund.payments()) {
            rows.add(new Report.Amount(methodName(p.method()) + (p.amount() < 0 ? " (Rückgeld / change back)" : ""),
                    -p.amount()));
        }
        if (refund.points() != 0) {
            rows.add(new Report.Text("Punkte zurück / Points back: " + refund.points()));
        }
        if (!refund.cardSlip().isEmpty()) {
            rows.add(new Report.Rule());
            refund.cardSlip().forEach(line -> rows.add(new Report.Text(line)));
        }
        rows.add(new Report.Rule());
        rows.add(new Report.Text("Unterschrift / Signature:"));
        rows.add(new Report.Text(" "));
        return new Report(header, isVoid ? "STORNO / VOID" : "ERSTATTUNG / REFUND", rows, copy, currency);
    }

    private static void section(List<Report.Row> rows, String heading, JsonNode sums, Function<String, String> label) {
        rows.add(new Report.Rule());
        rows.add(new Report.Heading(heading));
        sums.properties().forEach(e -> rows.add(new Report.Amount(label.apply(e.getKey()), e.getValue().asLong())));
    }

    private static String methodName(String method) {
        int colon = method.indexOf(':');
        String base = colon < 0 ? method : method.substring(0, colon);
        return METHOD_NAMES.getOrDefault(base, base) + (colon < 0 ? "" : " " + method.substring(colon + 1));
    }
}

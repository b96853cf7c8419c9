package com.wkpos.edge.agent.print;

import com.wkpos.edge.agent.fiscal.FiscalRecord;
import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.escpos.Receipt;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Renders a sale's receipt as a German store hands it out: the branch, receipt number, local time, till
 * and cashier; each line at its shelf price with its tax letter and discounts; the tax added on top of
 * net-priced lines; the total; payments and change; tax per rate; the fiscal block and its QR code; the
 * card terminal's customer copy; the sale id once.
 */
public final class SaleReceipts implements ReceiptRenderer {
    static final Map<String, String> METHOD_NAMES = Map.of("CASH", "Bar / Cash", "CARD", "Karte / Card",
            "GIFT_CARD", "Gutschein / Gift card", "STORE_CREDIT", "Guthaben / Store credit", "MOBILE", "Mobile", "EXCHANGE", "Umtausch / Exchange");

    private final Function<String, Optional<SaleView>> sales;
    private final ReceiptFacts facts;
    private final ReceiptLayout layout;

    /** @param sales finds a sale by id */
    public SaleReceipts(Function<String, Optional<SaleView>> sales, ReceiptFacts facts, ReceiptLayout layout) {
        this.sales = sales;
        this.facts = facts;
        this.layout = layout;
    }

    @Override
    public byte[] render(PrintJob job, boolean copy) {
        SaleView sale = sales.apply(job.saleId())
                .orElseThrow(() -> new IllegalStateException("print job " + job.id() + ": no sale " + job.saleId()));
        return layout.render(receipt(sale, facts, copy));
    }

    /** The receipt of a committed sale; it adds up by construction (see {@link Receipt}). */
    public static Receipt receipt(SaleView sale, ReceiptFacts facts, boolean copy) {
        Map<Integer, String> letters = TaxLetters.of(sale.lines().stream().map(PricedSale.Line::taxBasisPoints).toList());
        List<Receipt.Line> lines = new ArrayList<>();
        Map<Integer, long[]> onTop = new TreeMap<>(Comparator.reverseOrder());
        Map<Integer, long[]> taxes = new TreeMap<>(Comparator.reverseOrder());
        for (PricedSale.Line l : sale.lines()) {
            String letter = letters.get(l.taxBasisPoints());
            // a serialized item names the units sold, so the receipt is the customer's proof for each
            String name = l.serials() == null ? l.name() : l.name() + " S/N " + String.join(", ", l.serials());
            lines.add(new Receipt.Line(BigDecimal.valueOf(l.qty()), name, l.unitPrice(),
                    Math.multiplyExact(l.unitPrice(), l.qty()), letter, !l.taxInclusive(), adjustments(l, facts)));
            if (!l.taxInclusive()) {
                long[] sums = onTop.computeIfAbsent(l.taxBasisPoints(), k -> new long[2]);
                sums[0] += l.net();
                sums[1] += l.tax();
            }
            long[] sums = taxes.computeIfAbsent(l.taxBasisPoints(), k -> new long[3]);
            sums[0] += l.net();
            sums[1] += l.tax();
            sums[2] += l.total();
        }
        List<Receipt.TaxOnTop> taxOnTop = new ArrayList<>();
        onTop.forEach((bp, s) -> taxOnTop.add(new Receipt.TaxOnTop(letters.get(bp), bp, s[0], s[1])));
        List<Receipt.TaxRow> taxRows = new ArrayList<>();
        taxes.forEach((bp, s) -> taxRows.add(new Receipt.TaxRow(letters.get(bp), bp, s[0], s[1], s[2])));
        List<Receipt.Payment> payments = sale.payments().stream().map(SaleReceipts::payment).toList();
        Optional<FiscalRecord> fiscal = facts.fiscal().apply("sale:" + sale.id());
        return new Receipt(facts.header(),
                new Receipt.Meta(String.valueOf(sale.invoiceNo()), facts.local(sale.createdAt()), facts.till(),
                        sale.cashier() == null ? "-" : sale.cashier()),
                lines, taxOnTop, sale.rounding(), sale.total(), payments, sale.change(), taxRows,
                fiscal.map(f -> fiscalBlock(f, facts)).orElse(null),
                fiscal.filter(FiscalRecord::signed).map(FiscalRecord::qrCode).orElse(fiscal.isEmpty() ? sale.id() : null),
                CardSlips.customerCopy(sale.cardSlip() == null ? List.of() : sale.cardSlip()),
                List.of("Vielen Dank für Ihren Einkauf!", "Beleg-ID " + sale.id()), copy, sale.currency());
    }

    /** The line's promotions (by name) and the staff's manual discount, each as it took money off. */
    private static List<Receipt.Adjustment> adjustments(PricedSale.Line l, ReceiptFacts facts) {
        List<Receipt.Adjustment> out = new ArrayList<>();
        long promotions = l.discount() - l.manualDiscount();
        if (promotions != 0) {
            List<String> names = l.promotions().stream().map(facts.promotions()).toList();
            out.add(new Receipt.Adjustment(names.isEmpty() ? "Rabatt" : "Rabatt " + String.join(", ", names), -promotions));
        }
        if (l.manualDiscount() != 0) {
            out.add(new Receipt.Adjustment("Rabatt (manuell)", -l.manualDiscount()));
        }
        return out;
    }

    static Receipt.Fiscal fiscalBlock(FiscalRecord f, ReceiptFacts facts) {
        if (f.signed()) {
            return new Receipt.Signed(f.transactionNumber(), f.signatureCounter(), facts.local(f.startTime()),
                    facts.local(f.logTime()), f.tseSerial(), f.clientId());
        }
        return new Receipt.Unavailable(f.pending() ? "noch nicht signiert" : f.error());
    }

    private static Receipt.Payment payment(SaleView.Payment p) {
        String name = METHOD_NAMES.getOrDefault(p.method(), p.method());
        String detail = null;
        if (p.currency() != null) {
            detail = p.currency() + " " + decimal(p.foreignAmount()) + " zum Kurs " + p.rate();
        } else if (p.reference() != null && p.method().equals("GIFT_CARD")) {
            String ref = p.reference();
            detail = "Nr. ..." + ref.substring(Math.max(0, ref.length() - 4));
        }
        return new Receipt.Payment(name, detail, p.amount());
    }

    private static String decimal(long minor) {
        return String.format(Locale.GERMANY, "%d,%02d", minor / 100, Math.abs(minor % 100));
    }

    /**
     * Tax letters as German receipts print them: A for 19 %, B for 7 %, C for 0 %; any other rate gets the
     * next letter, highest rate first.
     */
    static final class TaxLetters {
        private static final List<Integer> USUAL = List.of(1900, 700, 0);

        private TaxLetters() {
        }

        static Map<Integer, String> of(List<Integer> rates) {
            Map<Integer, String> out = new LinkedHashMap<>();
            for (int i = 0; i < USUAL.size(); i++) {
                out.put(USUAL.get(i), String.valueOf((char) ('A' + i)));
            }
            rates.stream().distinct().filter(bp -> !out.containsKey(bp)).sorted(Comparator.reverseOrder())
                    .forEach(bp -> out.put(bp, String.valueOf((char) ('A' + out.size()))));
            return out;
        }
    }
}

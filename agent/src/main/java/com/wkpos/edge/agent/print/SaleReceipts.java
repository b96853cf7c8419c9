package com.wkpos.edge.agent.print;

import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.escpos.Receipt;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Renders a sale's receipt: branch header, lines, discounts, tax per rate, totals, payments, QR of the sale id. */
public final class SaleReceipts implements ReceiptRenderer {
    private static final Map<String, String> METHOD_NAMES = Map.of("CASH", "Bar / Cash", "CARD", "Karte / Card",
            "GIFT_CARD", "Gutschein / Gift card", "STORE_CREDIT", "Guthaben / Store credit", "MOBILE", "Mobile");

    private final Function<String, Optional<SaleView>> sales;
    private final List<String> header;
    private final ReceiptLayout layout;

    /**
     * @param sales  finds a sale by id
     * @param header the branch's name and address lines
     */
    public SaleReceipts(Function<String, Optional<SaleView>> sales, List<String> header, ReceiptLayout layout) {
        this.sales = sales;
        this.header = List.copyOf(header);
        this.layout = layout;
    }

    @Override
    public byte[] render(PrintJob job, boolean copy) {
        SaleView sale = sales.apply(job.saleId())
                .orElseThrow(() -> new IllegalStateException("print job " + job.id() + ": no sale " + job.saleId()));
        return layout.render(receipt(sale, header, copy));
    }

    static Receipt receipt(SaleView sale, List<String> header, boolean copy) {
        List<Receipt.Line> lines = new ArrayList<>();
        Map<String, long[]> taxes = new TreeMap<>();
        Map<String, Integer> rates = new TreeMap<>();
        for (PricedSale.Line l : sale.lines()) {
            lines.add(new Receipt.Line(BigDecimal.valueOf(l.qty()), l.name(), l.unitPrice(), l.unitPrice() * l.qty(),
                    l.discount()));
            long[] sums = taxes.computeIfAbsent(l.taxCode(), k -> new long[2]);
            sums[0] += l.net();
            sums[1] += l.tax();
            rates.put(l.taxCode(), l.taxBasisPoints());
        }
        List<Receipt.TaxRow> taxRows = new ArrayList<>();
        taxes.forEach((code, sums) -> taxRows.add(new Receipt.TaxRow(code, rates.get(code), sums[0], sums[1],
                sums[0] + sums[1])));
        List<Receipt.Payment> payments = sale.payments().stream()
                .map(p -> new Receipt.Payment(METHOD_NAMES.getOrDefault(p.method(), p.method())
                        + (p.currency() == null ? "" : " " + p.currency() + " " + p.foreignAmount() / 100 + "."
                        + String.format("%02d", p.foreignAmount() % 100) + " @ " + p.rate()), p.amount())).toList();
        return new Receipt(header, lines, taxRows, sale.subtotal(), sale.discount(), sale.total(), sale.rounding(),
                payments, sale.change(), String.valueOf(sale.invoiceNo()), sale.id(), sale.cardSlip() == null ? List.of() : sale.cardSlip(), copy,
                sale.currency());
    }
}

package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.rule.Refused;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The money of one refund, worked out from the sale and what earlier refunds took back. A line's share
 * is its net, tax and total pro rata to the quantity (rounded down); the refund that takes a line's last
 * unit takes what is left of it, so a line refunded in parts never gives back more or less than it cost.
 * The refund that empties the whole sale also gives back the sale's cash rounding, so refunds together
 * never exceed what was paid.
 *
 * @param amount   what the customer gets back
 * @param rounding the part of {@code amount} that is cash rounding, not goods
 * @param points   the loyalty points to take back from the customer
 * @param last     whether this refund leaves nothing of the sale to refund
 */
record RefundPlan(List<Line> lines, long amount, long rounding, long points, boolean last) {
    record Line(int lineNo, String sku, String taxCode, long qty, long net, long tax, long total) {
    }

    /**
     * @param asked line number → quantity to refund; empty for everything not refunded yet
     * @throws Refused 422 {@code refund-above-paid} when a quantity is more than is left to refund
     */
    static RefundPlan of(SaleBook sale, Map<Integer, Long> asked) {
        Map<Integer, SaleBook.Line> byNo = new TreeMap<>();
        sale.lines().forEach(l -> byNo.put(l.lineNo(), l));
        Map<Integer, Long> qty = new TreeMap<>(asked);
        if (qty.isEmpty()) {
            byNo.values().stream().filter(l -> l.qty() > l.refundedQty())
                    .forEach(l -> qty.put(l.lineNo(), l.qty() - l.refundedQty()));
        }
        if (qty.isEmpty()) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-above-paid", "sale " + sale.invoiceNo()
                    + " is refunded in full already (" + sale.refunded() + " of " + sale.total() + ")");
        }
        List<Line> out = new ArrayList<>();
        long goods = 0;
        boolean last = true;
        for (SaleBook.Line l : byNo.values()) {
            long q = qty.getOrDefault(l.lineNo(), 0L);
            long left = l.qty() - l.refundedQty();
            if (q > left) {
                throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-above-paid", "line " + l.lineNo() + " ("
                        + l.sku() + ") has " + left + " of " + l.qty() + " left to refund, not " + q);
            }
            last &= q == left;
            if (q == 0) {
                continue;
            }
            Line line = q == left
                    ? new Line(l.lineNo(), l.sku(), l.taxCode(), q, l.net() - l.refundedNet(), l.tax() - l.refundedTax(),
                    l.total() - l.refundedTotal())
                    : share(l, q);
            goods += line.total();
            out.add(line);
        }
        for (Integer no : qty.keySet()) {
            if (!byNo.containsKey(no)) {
                throw Refused.invalid("sale " + sale.invoiceNo() + " has no line " + no);
            }
        }
        long left = sale.total() - sale.refunded();
        long amount = last ? left : goods;
        if (amount > left || amount <= 0) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-above-paid", "a refund of " + amount
                    + " is more than the " + left + " left of the " + sale.total() + " paid for sale " + sale.invoiceNo());
        }
        long points = last ? sale.pointsEarned() - sale.pointsReversed()
                : Math.min(sale.pointsEarned() - sale.pointsReversed(),
                Math.multiplyExact(sale.pointsEarned(), amount) / sale.total());
        return new RefundPlan(out, amount, amount - goods, points, last);
    }

    private static Line share(SaleBook.Line l, long q) {
        long total = Math.multiplyExact(l.total(), q) / l.qty();
        long tax = Math.multiplyExact(l.tax(), q) / l.qty();
        return new Line(l.lineNo(), l.sku(), l.taxCode(), q, total - tax, tax, total);
    }
}

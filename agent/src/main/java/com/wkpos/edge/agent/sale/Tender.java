package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.sale.SaleRejectedException.Reason;
import java.util.List;

/**
 * How a sale's payments settle its total. Pure; all amounts in minor units of the branch currency.
 *
 * <p>Non-cash tenders (card, gift card, store credit, mobile) pay exact amounts and may not pay more
 * than the total. Cash pays the rest: cash rounding applies to that cash part only, and change comes
 * only out of cash. Without any cash the non-cash tenders must add up to the total exactly.
 */
final class Tender {
    /** One payment, converted to the branch currency; {@code foreignAmount} and {@code rate} for foreign cash. */
    record Line(String method, long amount, String foreignCurrency, Long foreignAmount, String rate, String reference) {
        boolean cash() {
            return method.equals("CASH");
        }

        boolean localCash() {
            return cash() && foreignCurrency == null;
        }
    }

    /**
     * @param rounding cash rounding of the cash part (may be negative)
     * @param total    what the customer pays: the lines' total plus rounding
     * @param paid     all tenders
     * @param change   cash handed back
     */
    record Settlement(long rounding, long total, long paid, long change) {
    }

    private Tender() {
    }

    static Settlement settle(long linesTotal, List<Line> tenders, int cashStep) {
        long nonCash = 0;
        long cash = 0;
        boolean anyCash = false;
        for (Line t : tenders) {
            if (t.cash()) {
                anyCash = true;
                cash += t.amount();
            } else {
                nonCash += t.amount();
            }
        }
        if (nonCash > linesTotal) {
            throw new SaleRejectedException(Reason.SPLIT_MISMATCH, "non-cash payments add up to " + nonCash
                    + ", more than the total " + linesTotal + "; change is given only from cash");
        }
        if (!anyCash) {
            if (nonCash != linesTotal) {
                throw new SaleRejectedException(Reason.SPLIT_MISMATCH, "payments add up to " + nonCash + " but the total is "
                        + linesTotal + "; without cash the split must match exactly");
            }
            return new Settlement(0, linesTotal, nonCash, 0);
        }
        long cashDue = linesTotal - nonCash;
        long rounding = PriceCalculator.cashRounding(cashDue, cashStep);
        long due = cashDue + rounding;
        if (cash < due) {
            throw new SaleRejectedException(Reason.PAYMENT_SHORT, "payments add up to " + (cash + nonCash)
                    + " but the total is " + (linesTotal + rounding) + "; " + (due - cash) + " is missing");
        }
        return new Settlement(rounding, linesTotal + rounding, cash + nonCash, cash - due);
    }
}

package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalInput;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.ExchangeReturn;
import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.shift.ReadContext;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Exchanges at the till: goods of an earlier sale come back (EXCHANGE_IN) and pay for new goods
 * (EXCHANGE_OUT). One write transaction journals the return ({@code sale.refunded}, method EXCHANGE) and
 * the new sale ({@code sale.completed}, paid by that EXCHANGE credit), each with its own receipt and fiscal
 * document; the clearing account they meet on is back to zero once both are in. Where the new goods cost
 * more, the customer pays the difference by the sale's usual payments (card through the terminal); where
 * they cost less, the rest goes back by cash, store credit, gift card or mobile as a refund would. Both
 * halves go under one Idempotency-Key: sent again, the exchange answers what it made.
 */
public final class Exchanges {
    /**
     * What a screen sends: the lines of the earlier sale coming back (all of them if none) and why; the new
     * goods with any payments for a difference due; {@code method} for a difference given back, and
     * {@code customerId} for the holder of store credit given back when the earlier sale had no customer.
     */
    public record Request(List<Refunds.Request.Line> returned, String reason, String method,
                          List<SaleRequest.Line> lines, String coupon, List<SaleRequest.Payment> payments,
                          String customerId, ApprovalInput approval) {
    }

    /**
     * The exchange made: the return and the new sale; {@code due} what the customer paid on top (positive)
     * or got back (negative), {@code replayed} whether an earlier request under the key made it.
     */
    public record Done(RefundView returned, SaleView sale, long due, boolean replayed) {
    }

    private final Refunds refunds;
    private final Sales sales;

    public Exchanges(Refunds refunds, Sales sales) {
        this.refunds = refunds;
        this.sales = sales;
    }

    /**
     * @throws Refused 400 bad request, 402 the card was declined, 403 approval missing, 404 no such sale,
     *                 409 the sale was voided, 422 more back than was sold or no way given to pay a difference back
     */
    public Done exchange(String saleId, Request request, String key, Cashier cashier, String origin) {
        Refunds.requireKey(key);
        Map<Integer, Long> lines = Refunds.lines(request.returned());
        String reason = Refunds.reason(request.reason());
        if (request.method() != null) {
            RefundCommand.account(request.method());
            if (request.method().equals("CARD") || request.method().equals("EXCHANGE")) {
                throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-method-not-paid", "a difference is given back"
                        + " by CASH, STORE_CREDIT, GIFT_CARD or MOBILE, not " + request.method() + "; refund a card"
                        + " payment with POST /api/v1/sales/" + saleId + "/refunds");
            }
        }
        String returnRequest = CanonicalJson.write(Map.of("saleId", saleId, "returned", lines.toString(),
                "reason", reason, "method", String.valueOf(request.method())));
        Optional<RefundView> earlier = refunds.byKey(key, saleId);
        if (earlier.isPresent()) {
            return replay(earlier.get(), request, key, cashier, origin, returnRequest);
        }
        SaleBook sale = refunds.book(saleId);
        Refunds.requireRefundable(sale);
        RefundPlan plan = RefundPlan.of(sale, lines);
        SaleRequest sell = saleRequest(request, sale.customerId());
        PricedSale priced = sales.quote(sell.lines(), sell.coupon());
        long back = plan.amount() - Math.min(plan.amount(), priced.linesTotal());
        String method = back == 0 ? null : backMethod(request, sale);
        if (back > 0) {
            Refunds.requireWithinMethod(sale, refunds.refundedBy(saleId), method, back);
            if (method.equals("STORE_CREDIT") && sale.customerId() == null && request.customerId() == null) {
                throw new Refused(Refused.Kind.UNPROCESSABLE, "customer-required", "a difference to store credit"
                        + " needs the sale's customer or a customerId");
            }
        }
        Optional<Grant> grant = refunds.approve(Action.REFUND, plan.amount(), cashier.actor(), request.approval(), origin);
        RefundCommand.Ask ask = new RefundCommand.Ask(saleId, false, lines, "EXCHANGE",
                request.customerId() != null ? request.customerId() : sale.customerId(), reason, key, cashier.actor(),
                cashier.staffId(), plan.amount(), Optional.empty(), grant);
        ExchangeReturn giveBack = (JournalTransaction tx, String newSaleId, long linesTotal) -> {
            if (Refunds.byKey(tx, key, saleId, false, true).isPresent()) {
                throw Refunds.keyReused(key);
            }
            String refundId = new RefundCommand(ask, refunds.rules(), new RefundCommand.Exchange(newSaleId, linesTotal,
                    method)).execute(tx);
            return new ExchangeReturn.Credit(refundId, Math.min(plan.amount(), linesTotal));
        };
        Sales.Completed done = sales.complete(sell, key, cashier, origin,
                new ExchangeReturn.Exchange(plan.amount(), returnRequest, giveBack));
        RefundView returned = refunds.byKey(key, saleId).orElseThrow(() -> new Refused(Refused.Kind.CONFLICT,
                "idempotency-key-reused", "Idempotency-Key " + key + " was used for sale " + done.sale().id()
                + " without an exchange; use a new key"));
        return done(returned, done);
    }

    /** The exchange an earlier request under the key made, if this request is the same one. */
    private Done replay(RefundView earlier, Request request, String key, Cashier cashier, String origin,
                        String returnRequest) {
        ExchangeReturn never = (tx, saleId, total) -> {
            throw new IllegalStateException("the exchange under key " + key + " is journaled already");
        };
        SaleRequest sell = saleRequest(request, refunds.book(earlier.saleId()).customerId());
        Sales.Completed done = sales.complete(sell, key, cashier, origin,
                new ExchangeReturn.Exchange(earlier.amount(), returnRequest, never));
        return done(earlier, done);
    }

    private static Done done(RefundView returned, Sales.Completed sale) {
        long credit = sale.sale().payments().stream().filter(p -> p.method().equals("EXCHANGE"))
                .mapToLong(SaleView.Payment::amount).sum();
        long back = returned.amount() - credit;
        return new Done(returned, sale.sale(), back > 0 ? -back : sale.sale().total() - credit, sale.replayed());
    }

    /**
     * The new sale goes to the customer of the sale the goods came from (whose points the return took back):
     * naming another would earn points on goods no one paid for again.
     */
    private static SaleRequest saleRequest(Request r, String customerId) {
        return new SaleRequest(r.lines(), r.coupon(), r.payments() == null ? List.of() : r.payments(), customerId,
                r.approval());
    }

    /** The method asked for a difference given back, else the earlier sale's only method. */
    private static String backMethod(Request r, SaleBook sale) {
        if (r.method() != null) {
            return r.method();
        }
        List<String> paid = sale.refundable().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .toList();
        if (paid.size() != 1 || paid.getFirst().equals("CARD")) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-method-required", "the new goods cost less than"
                    + " those coming back; say how the difference goes back (method CASH, STORE_CREDIT, GIFT_CARD or"
                    + " MOBILE, as sale " + sale.invoiceNo() + " was paid by " + paid + ")");
        }
        return paid.getFirst();
    }
}

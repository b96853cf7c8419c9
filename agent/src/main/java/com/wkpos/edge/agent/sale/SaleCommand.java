package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.fiscal.FiscalDocument;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.journal.WriteCommand;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.ledger.LedgerTxn;
import com.wkpos.edge.agent.payment.CardApproval;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.shift.DrawerMoves;
import com.wkpos.edge.agent.sale.SaleRejectedException.Reason;
import com.wkpos.edge.agent.stock.SerialUnits;
import com.wkpos.edge.agent.stock.Stock;
import com.wkpos.edge.agent.stock.StockAlerts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Commits one sale on the journal's writer thread: checks the idempotency key again (a concurrent
 * request with the same key may have committed first), prices, checks payment and stock, takes the
 * next invoice number, and appends {@code sale.completed}.
 */
final class SaleCommand implements WriteCommand<SaleCommand.Result> {
    private static final int STOCK_ATTEMPTS = 3;

    /** The sale committed; {@code view} is null when an earlier request with the same key committed it. */
    record Result(String saleId, SaleView view) {
    }

    private final SaleRequest request;
    private final String coupon;
    private final String key;
    private final String digest;
    private final String actor;
    private final BiFunction<List<SaleRequest.Line>, String, PricedSale> pricing;
    private final SaleSettings settings;
    private final Events events;
    private final List<SaleHook> hooks;
    private final SaleTill till;
    private final Cashier cashier;
    private final CardApproval card;
    private final List<Grant> grants;
    private final java.util.function.Predicate<String> serialized;
    private final ExchangeReturn exchange;

    /** @param exchange the return that pays part of this sale; null for a plain sale */
    SaleCommand(SaleRequest request, String coupon, String key, String digest, String actor,
                BiFunction<List<SaleRequest.Line>, String, PricedSale> pricing, SaleSettings settings, Events events,
                List<SaleHook> hooks, SaleTill till, Cashier cashier, CardApproval card, List<Grant> grants,
                java.util.function.Predicate<String> serialized, ExchangeReturn exchange) {
        this.serialized = serialized;
        this.exchange = exchange;
        this.request = request;
        this.coupon = coupon;
        this.key = key;
        this.digest = digest;
        this.actor = actor;
        this.pricing = pricing;
        this.settings = settings;
        this.events = events;
        this.hooks = hooks;
        this.till = till;
        this.cashier = cashier;
        this.card = card;
        this.grants = grants;
    }

    @Override
    public Result execute(JournalTransaction tx) throws SQLException {
        Optional<SaleReads.KeyUse> earlier = SaleReads.byKey(tx.statement(SaleReads.BY_KEY), key);
        if (earlier.isPresent()) {
            return new Result(Sales.sameRequest(earlier.get(), digest, key), null);
        }
        ParkedSales.requireNotCancelled(tx, key);
        PricedSale priced = pricing.apply(request.lines(), coupon);
        requireSerials(tx, priced);
        String shiftId = DrawerMoves.requireOpenShift(tx, cashier.staffId(), "sell");
        String saleId = UuidV7.nextString(tx.clock());
        ExchangeReturn.Credit credit = exchange == null ? null : exchange.take(tx, saleId, priced.linesTotal());
        List<Tender.Line> tenders = SaleTenders.lines(request.payments(), priced.currency(), till.rates(),
                priced.linesTotal(), credit == null ? 0 : credit.amount(), credit == null ? null : credit.refundId());
        Tender.Settlement settlement = Tender.settle(priced.linesTotal(), tenders, settings.cashRoundingMinor());
        SaleTenders.checkBalances(tx, tenders, request.customerId());
        for (Grant grant : grants) {
            Approvals.apply(tx, grant, "sale:" + saleId, actor);
        }
        String at = tx.clock().instant().toString();
        long invoiceNo = nextInvoiceNo(tx);
        List<SaleCompleted.Payment> payments = tenders.stream()
                .map(t -> new SaleCompleted.Payment(UuidV7.nextString(tx.clock()), t.method(), t.amount(),
                        t.foreignCurrency(), t.foreignAmount(), t.rate(), t.reference()))
                .toList();
        LedgerTxn ledger = SaleTenders.ledger(tx, saleId, invoiceNo, priced, tenders, settlement);
        long points = request.customerId() == null ? 0 : till.loyalty().pointsFor(settlement.total());
        FiscalDocument fiscal = till.fiscal().document(tx, () -> SaleTenders.fiscal(saleId, priced, tenders, settlement));
        Map<String, Long> qtyBySku = new TreeMap<>();
        priced.lines().forEach(l -> qtyBySku.merge(l.sku(), l.qty(), Long::sum));
        for (int attempt = 1; ; attempt++) {
            Map<String, Stock.Level> before = new LinkedHashMap<>();
            List<SaleCompleted.StockMove> moves = stockMoves(tx, qtyBySku, before);
            SaleCompleted payload = new SaleCompleted(saleId, invoiceNo, at, key, digest, actor, priced.currency(),
                    priced.subtotal(), priced.discount(), priced.tax(), settlement.rounding(), settlement.total(),
                    settlement.paid(), settlement.change(), coupon, priced.catalogVersion(), priced.lines(), payments,
                    moves, ledger, shiftId, request.customerId(), points,
                    SaleTenders.drawerCash(tenders, settlement.change()), card == null ? null : card.id(),
                    card == null ? List.of() : card.slip(), cashier.staffId(), cashier.name(), fiscal,
                    credit == null ? null : credit.refundId());
            try {
                tx.append(SaleCompleted.TYPE, payload);
            } catch (Stock.StaleVersionException e) {
                if (attempt < STOCK_ATTEMPTS) {
                    continue;
                }
                throw new SaleRejectedException(Reason.STOCK_CONFLICT, e.getMessage() + " after " + attempt
                        + " attempts; retry the sale with the same Idempotency-Key");
            }
            announceLowStock(tx, qtyBySku, before, saleId);
            SaleView view = view(payload);
            for (SaleHook hook : hooks) {
                hook.inTransaction(tx, view);
                tx.afterCommit(() -> hook.committed(view));
            }
            return new Result(saleId, view);
        }
    }

    /**
     * A serialized item sells by its units' serial numbers, one per unit, each in stock here and on one line
     * only; other items take none.
     */
    private void requireSerials(JournalTransaction tx, PricedSale priced) throws SQLException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (PricedSale.Line l : priced.lines()) {
            if (!serialized.test(l.sku())) {
                SerialUnits.requireNone(l.serials(), l.sku());
                continue;
            }
            List<String> serials = SerialUnits.clean(l.serials(), l.qty(), l.sku());
            for (String s : serials) {
                if (!seen.add(l.sku() + "\u0000" + s)) {
                    throw new Refused(Refused.Kind.INVALID, "invalid-field", l.sku() + " serial " + s
                            + " is on two lines of this sale");
                }
            }
            SerialUnits.requireInStock(tx, l.sku(), serials);
        }
    }

    /** The sale as {@link SaleReads#find} will read it back, built from what was just journaled. */
    private static SaleView view(SaleCompleted s) {
        return new SaleView(s.saleId(), s.invoiceNo(), s.occurredAt(), s.currency(), s.subtotal(), s.discount(),
                s.tax(), s.rounding(), s.total(), s.paid(), s.change(), s.coupon(), s.lines(),
                s.payments().stream().map(p -> new SaleView.Payment(p.method(), p.amount(), p.foreignCurrency(),
                        p.foreignAmount(), p.rate(), p.reference())).toList(),
                s.customerId(), s.shiftId(), s.customerId() == null ? null : s.pointsEarned(),
                s.cardSlip().isEmpty() ? null : s.cardSlip(), s.cashier());
    }

    private List<SaleCompleted.StockMove> stockMoves(JournalTransaction tx, Map<String, Long> qtyBySku,
                                                     Map<String, Stock.Level> before) throws SQLException {
        List<SaleCompleted.StockMove> moves = new ArrayList<>();
        for (Map.Entry<String, Long> e : qtyBySku.entrySet()) {
            Stock.Level level = Stock.level(tx, e.getKey()).orElse(new Stock.Level(e.getKey(), 0, 0, 0));
            if (settings.refuseOversell() && level.onHand() < e.getValue()) {
                throw new SaleRejectedException(Reason.INSUFFICIENT_STOCK, "only " + level.onHand() + " of "
                        + e.getKey() + " in stock, " + e.getValue() + " asked (this branch refuses to oversell)");
            }
            before.put(e.getKey(), level);
            moves.add(new SaleCompleted.StockMove(UuidV7.nextString(tx.clock()), e.getKey(), -e.getValue(),
                    level.version()));
        }
        return moves;
    }

    /** A level the sale took to its reorder level is journaled for HQ; one it oversold is told to screens again. */
    private void announceLowStock(JournalTransaction tx, Map<String, Long> qtyBySku, Map<String, Stock.Level> before,
                                  String saleId) {
        for (Stock.Level level : before.values()) {
            long after = level.onHand() - qtyBySku.get(level.sku());
            boolean crossed = after <= level.reorderLevel() && level.onHand() > level.reorderLevel();
            if (crossed) {
                StockAlerts.low(tx, events, level.sku(), after, level.reorderLevel(), "sale:" + saleId);
            } else if (after < 0) {
                tx.afterCommit(() -> events.publish("stock.low", Map.of("sku", level.sku(), "onHand", after,
                        "reorderLevel", level.reorderLevel())));
            }
        }
    }

    private static long nextInvoiceNo(JournalTransaction tx) throws SQLException {
        try (ResultSet rs = tx.statement("SELECT COALESCE(MAX(invoice_no), 0) + 1 FROM sales").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.fiscal.FiscalDocument;
import com.wkpos.edge.agent.fiscal.ProcessData;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.journal.WriteCommand;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.ledger.LedgerTxn;
import com.wkpos.edge.agent.ledger.Posting;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.shift.DrawerMoves;
import com.wkpos.edge.agent.stock.SerialUnits;
import com.wkpos.edge.agent.stock.Stock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Commits one refund or void on the journal's writer thread: checks the key and every rule again against
 * the sale as it is now (a concurrent refund may have committed since the screen asked), and appends
 * {@code sale.refunded} or {@code sale.voided} with its stock, ledger, customer and drawer effects.
 */
final class RefundCommand implements WriteCommand<String> {
    /** What was decided ahead of the commit: the refund's target and what the terminal and a manager gave. */
    record Ask(String saleId, boolean isVoid, Map<Integer, Long> lines, String method, String customerId,
               String reason, String key, String actor, String staffId, long amount,
               Optional<CardRefunds.CardRefund> card, Optional<Grant> grant) {
        Ask withCard(Optional<CardRefunds.CardRefund> paidBack) {
            return new Ask(saleId, isVoid, lines, method, customerId, reason, key, actor, staffId, amount, paidBack, grant);
        }
    }

    /**
     * The new sale an exchange's return pays for: its id, its goods' total, and the method the rest of the
     * returned goods' worth goes back by (null when nothing is left over).
     */
    record Exchange(String saleId, long linesTotal, String backMethod) {
    }

    private final Ask ask;
    private final Refunds.Rules rules;
    private final Exchange exchange;

    RefundCommand(Ask ask, Refunds.Rules rules) {
        this(ask, rules, null);
    }

    /** @param exchange the sale this refund pays for, committed in the same transaction; null for a plain refund */
    RefundCommand(Ask ask, Refunds.Rules rules, Exchange exchange) {
        this.ask = ask;
        this.rules = rules;
        this.exchange = exchange;
    }

    @Override
    public String execute(JournalTransaction tx) throws SQLException {
        Optional<String> earlier = Refunds.byKey(tx, ask.key(), ask.saleId(), ask.isVoid(), exchange != null);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        SaleBook sale = SaleBook.read(tx, ask.saleId());
        String refundId = UuidV7.nextString(tx.clock());
        Map<String, Object> p = ask.isVoid() ? voidPayload(tx, sale) : refundPayload(tx, sale);
        if ((Long) p.get("amount") != ask.amount()) {
            throw new Refused(Refused.Kind.CONFLICT, "sale-changed", "sale " + sale.invoiceNo() + " changed while the"
                    + " refund was prepared (now " + p.get("amount") + ", asked " + ask.amount() + "); ask again");
        }
        if (ask.grant().isPresent()) {
            Approvals.apply(tx, ask.grant().get(), "refund:" + refundId, ask.actor());
        }
        p.put("refundId", refundId);
        p.put("saleId", sale.saleId());
        p.put("kind", ask.isVoid() ? "VOID" : "REFUND");
        p.put("reason", ask.reason());
        p.put("actor", ask.actor());
        p.put("at", tx.clock().instant().toString());
        p.put("idempotencyKey", ask.key());
        p.put("currency", rules.currency());
        p.put("cardRefundId", ask.card().map(CardRefunds.CardRefund::id).orElse(null));
        p.put("cardSlip", ask.card().map(CardRefunds.CardRefund::slip).orElse(List.of()));
        p.put("stock", stock(tx, sale, p));
        List<Map<String, Object>> units = returnedUnits(tx, sale, p);
        if (!units.isEmpty()) {
            p.put("serials", units);
        }
        String document = "refund:" + refundId;
        rules.fiscal().attach(tx, p, () -> fiscalDocument(tx, sale, document, p));
        tx.append(ask.isVoid() ? Refunds.VOIDED : Refunds.REFUNDED, p);
        rules.slips().queue(tx, refundId, ask.actor());
        if ((Long) p.get("drawerCash") != 0) {
            String what = ask.isVoid() ? "void" : exchange != null ? "exchange" : "refund";
            tx.afterCommit(() -> rules.drawerKick().accept(what + " of sale " + sale.invoiceNo()));
        }
        return refundId;
    }

    /**
     * The money rules of a refund; the caller then adds what every refund and void shares. An exchange's
     * return pays the new sale by EXCHANGE up to its goods' total and gives back the rest by the method asked.
     */
    private Map<String, Object> refundPayload(JournalTransaction tx, SaleBook sale) throws SQLException {
        Refunds.requireRefundable(sale);
        RefundPlan plan = RefundPlan.of(sale, ask.lines());
        Map<String, Long> parts = new LinkedHashMap<>();
        if (exchange != null) {
            long toSale = Math.min(plan.amount(), exchange.linesTotal());
            parts.put("EXCHANGE", toSale);
            if (plan.amount() > toSale) {
                if (exchange.backMethod() == null) {
                    throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-method-required", "the goods taken back are"
                            + " worth " + plan.amount() + ", the new goods " + toSale + "; say how the difference of "
                            + (plan.amount() - toSale) + " goes back");
                }
                parts.put(exchange.backMethod(), plan.amount() - toSale);
            }
        } else {
            parts.put(ask.method(), plan.amount());
        }
        parts.values().removeIf(amount -> amount == 0);
        Map<String, Long> refundedBy = SaleBook.refundedBy(tx, sale.saleId());
        for (Map.Entry<String, Long> part : parts.entrySet()) {
            if (!part.getKey().equals("EXCHANGE")) {
                Refunds.requireWithinMethod(sale, refundedBy, part.getKey(), part.getValue());
            }
        }
        long credit = parts.getOrDefault("STORE_CREDIT", 0L);
        String customer = credit > 0 ? ask.customerId() : sale.customerId();
        if (credit > 0 && Customers.storeCredit(tx, customer).isEmpty()) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "unknown-customer", "no customer with id " + customer);
        }
        String shiftId = DrawerMoves.requireOpenShift(tx, ask.staffId(), exchange != null ? "exchange" : "refund");
        long cash = parts.getOrDefault("CASH", 0L);
        requireCash(tx, shiftId, cash);
        LedgerTxn.Builder ledger = new LedgerTxn.Builder(tx.clock(), (exchange != null ? "exchange of sale "
                : "refund of sale ") + sale.invoiceNo());
        Map<String, Long> taxByCode = new TreeMap<>();
        for (RefundPlan.Line l : plan.lines()) {
            ledger.debit(Accounts.SALES_REVENUE, l.net());
            taxByCode.merge(l.taxCode(), l.tax(), Long::sum);
        }
        taxByCode.forEach((code, tax) -> ledger.debit(Accounts.taxPayable(code), tax));
        ledger.debit(Accounts.CASH_ROUNDING, plan.rounding());
        String giftCard = parts.containsKey("GIFT_CARD") ? sale.references().get("GIFT_CARD") : null;
        List<Map<String, Object>> payments = new ArrayList<>();
        for (Map.Entry<String, Long> part : parts.entrySet()) {
            ledger.credit(account(part.getKey()), part.getValue());
            String reference = switch (part.getKey()) {
                case "GIFT_CARD" -> giftCard;
                case "EXCHANGE" -> "sale:" + exchange.saleId();
                default -> null;
            };
            payments.add(payment(tx, part.getKey(), part.getValue(), reference));
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", exchange != null ? "EXCHANGE" : ask.method());
        p.put("amount", plan.amount());
        p.put("points", plan.points());
        p.put("lines", plan.lines());
        p.put("payments", payments);
        p.put("ledger", ledger.build("refund:" + UuidV7.nextString(tx.clock())));
        p.put("customerId", sale.customerId());
        p.put("purchases", 0);
        p.put("spent", sale.customerId() == null ? 0 : -plan.amount());
        p.put("creditCustomerId", credit > 0 ? customer : null);
        p.put("credit", credit);
        p.put("giftCards", giftCard == null ? List.of()
                : List.of(Map.of("code", giftCard, "delta", parts.get("GIFT_CARD"))));
        p.put("shiftId", shiftId);
        p.put("drawerCash", -cash);
        if (exchange != null) {
            p.put("movementType", "EXCHANGE_IN");
            p.put("exchangeSaleId", exchange.saleId());
        }
        return p;
    }

    /** A void gives back every tender as taken and mirrors the sale's ledger transaction. */
    private Map<String, Object> voidPayload(JournalTransaction tx, SaleBook sale) throws SQLException {
        Refunds.requireVoidable(tx, sale, rules.zone(), tx.clock().instant());
        String shiftId = DrawerMoves.requireOpenShift(tx, ask.staffId(), "void a sale");
        requireCash(tx, shiftId, sale.drawerCash());
        LedgerTxn.Builder ledger = new LedgerTxn.Builder(tx.clock(), "void of sale " + sale.invoiceNo());
        for (Posting posting : SaleBook.salePostings(tx, sale.saleId())) {
            ledger.credit(posting.account(), posting.debit() - posting.credit());
        }
        List<Map<String, Object>> payments = new ArrayList<>();
        for (Map.Entry<String, Long> paid : SaleBook.paidByReportKey(tx, sale.saleId()).entrySet()) {
            payments.add(payment(tx, paid.getKey(), paid.getValue(), null));
        }
        List<Map<String, Object>> cards = new ArrayList<>();
        giftCardsPaid(tx, sale.saleId()).forEach((code, amount) -> cards.add(Map.of("code", code, "delta", amount)));
        long storeCredit = sale.paidBy().getOrDefault("STORE_CREDIT", 0L);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", payments.size() == 1 ? payments.getFirst().get("method") : "MIXED");
        p.put("amount", sale.total());
        p.put("points", sale.pointsEarned());
        p.put("lines", sale.lines().stream().map(l -> new RefundPlan.Line(l.lineNo(), l.sku(), l.taxCode(), l.qty(),
                l.net(), l.tax(), l.total())).toList());
        p.put("payments", payments);
        p.put("ledger", ledger.build("void:" + sale.saleId()));
        p.put("customerId", sale.customerId());
        p.put("purchases", sale.customerId() == null ? 0 : -1);
        p.put("spent", sale.customerId() == null ? 0 : -sale.total());
        p.put("creditCustomerId", storeCredit == 0 ? null : sale.customerId());
        p.put("credit", storeCredit);
        p.put("giftCards", cards);
        p.put("shiftId", shiftId);
        p.put("drawerCash", -sale.drawerCash());
        return p;
    }

    /**
     * What the security device signs for a refund or void: the money given back as a receipt with negative
     * amounts. A void mirrors the sale's own signed process data; a refund is gross per VAT rate of the lines
     * given back (any rounding given back as not taxable) and the method it went back by.
     */
    @SuppressWarnings("unchecked")
    private FiscalDocument fiscalDocument(JournalTransaction tx, SaleBook sale, String document, Map<String, Object> p) {
        try {
            if (ask.isVoid()) {
                Optional<String> signed = FiscalProcess.ofSale(tx, sale.saleId());
                if (signed.isPresent()) {
                    return FiscalDocument.receipt(document, "VOID", ProcessData.negate(signed.get()));
                }
            }
            Map<Integer, Long> gross = new TreeMap<>();
            long lines = 0;
            for (RefundPlan.Line l : (List<RefundPlan.Line>) p.get("lines")) {
                gross.merge(FiscalProcess.rateOf(tx, sale.saleId(), l.lineNo()), -l.total(), Long::sum);
                lines += l.total();
            }
            long amount = (Long) p.get("amount");
            gross.merge(0, -(amount - lines), Long::sum);
            List<ProcessData.Payment> pays = new ArrayList<>();
            for (Map<String, Object> pay : (List<Map<String, Object>>) p.get("payments")) {
                String method = String.valueOf(pay.get("method"));
                pays.add(new ProcessData.Payment(method.startsWith("CASH"), -(Long) pay.get("amount"), null));
            }
            return FiscalDocument.receipt(document, ask.isVoid() ? "VOID" : "REFUND",
                    ProcessData.kassenbeleg(ProcessData.BonType.Beleg, gross, pays));
        } catch (SQLException e) {
            throw new IllegalStateException("reading sale " + sale.saleId() + " for its refund's fiscal record", e);
        }
    }

    private static Map<String, Object> payment(JournalTransaction tx, String method, long amount, String reference) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", UuidV7.nextString(tx.clock()));
        m.put("method", method);
        m.put("amount", amount);
        m.put("reference", reference);
        return m;
    }

    /** Cash paid out must be in the drawer it comes from. */
    private static void requireCash(JournalTransaction tx, String shiftId, long cash) throws SQLException {
        if (cash <= 0) {
            return;
        }
        var ps = tx.statement("SELECT COALESCE(SUM(amount), 0) FROM drawer_moves WHERE shift_id = ?");
        ps.setString(1, shiftId);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) < cash) {
                throw new Refused(Refused.Kind.CONFLICT, "not-enough-cash", "paying back " + cash + " in cash is more"
                        + " than the " + rs.getLong(1) + " the drawer of shift " + shiftId + " should hold");
            }
        }
    }

    private List<Map<String, Object>> stock(JournalTransaction tx, SaleBook sale, Map<String, Object> p)
            throws SQLException {
        Map<String, Long> back = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<RefundPlan.Line> lines = (List<RefundPlan.Line>) p.get("lines");
        lines.forEach(l -> back.merge(l.sku(), l.qty(), Long::sum));
        List<Map<String, Object>> moves = new ArrayList<>();
        for (Map.Entry<String, Long> e : back.entrySet()) {
            Stock.Level level = Stock.level(tx, e.getKey()).orElse(new Stock.Level(e.getKey(), 0, 0, 0));
            moves.add(Map.of("movementId", UuidV7.nextString(tx.clock()), "sku", e.getKey(), "delta", e.getValue(),
                    "expectedVersion", level.version()));
        }
        return moves;
    }

    /**
     * The serialized units a refund or void takes back, in stock again: of each line, those it sold and no
     * refund took back yet, in the order they were sold (a line of one unit names exactly its unit).
     */
    private static List<Map<String, Object>> returnedUnits(JournalTransaction tx, SaleBook sale, Map<String, Object> p)
            throws SQLException {
        Map<Integer, List<String>> returnable = SerialUnits.returnable(tx, sale.saleId());
        @SuppressWarnings("unchecked")
        List<RefundPlan.Line> lines = (List<RefundPlan.Line>) p.get("lines");
        List<Map<String, Object>> out = new ArrayList<>();
        for (RefundPlan.Line l : lines) {
            List<String> units = returnable.getOrDefault(l.lineNo(), List.of());
            if (!units.isEmpty()) {
                out.add(Map.of("lineNo", l.lineNo(), "sku", l.sku(), "serials",
                        List.copyOf(units.subList(0, (int) Math.min(l.qty(), units.size())))));
            }
        }
        return out;
    }

    private static Map<String, Long> giftCardsPaid(JournalTransaction tx, String saleId) throws SQLException {
        return SaleBook.sums(tx, "SELECT reference, SUM(amount) FROM payments WHERE sale_id = ? AND method = 'GIFT_CARD'"
                + " GROUP BY reference", saleId);
    }

    static String account(String method) {
        return switch (method) {
            case "CASH" -> Accounts.CASH;
            case "CARD" -> Accounts.CARD_CLEARING;
            case "MOBILE" -> Accounts.MOBILE_CLEARING;
            case "GIFT_CARD" -> Accounts.GIFT_CARDS;
            case "STORE_CREDIT" -> Accounts.STORE_CREDIT;
            case "EXCHANGE" -> Accounts.EXCHANGE_CLEARING;
            default -> throw Refused.invalid("method must be CASH, CARD, MOBILE, GIFT_CARD or STORE_CREDIT, was " + method);
        };
    }
}

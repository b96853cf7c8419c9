package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalInput;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.SaleSettings;
import com.wkpos.edge.agent.shift.ReadContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;

/**
 * Refunds and voids of committed sales; each is one new journal entry, the sale itself is never edited.
 *
 * <p>A refund gives back whole sales or lines, to a method the sale was paid with or to store credit,
 * never more per line, per method or in total than was paid (across all refunds); stock comes back and
 * the loyalty points its share earned are taken back. A void reverses a whole sale as it was taken,
 * only on the sale's business day and before that day's Z. Card money goes back through the terminal
 * and is journaled before the refund ({@link CardRefunds}). Both need a manager where the branch says
 * so. Thread-safe; every method blocks until committed or refused (nothing written).
 */
public final class Refunds {
    static final String REFUNDED = "sale.refunded";
    static final String VOIDED = "sale.voided";

    /** What a screen sends: lines to refund (none: everything left), where the money goes, why, and approval. */
    public record Request(List<Line> lines, String method, String customerId, String reason, ApprovalInput approval) {
        public record Line(Integer lineNo, Long qty) {
        }
    }

    /**
     * The branch's rules refunds follow; {@code drawerKick} opens the drawer when cash goes in or out;
     * {@code slips} queues the refund's or void's slip in its own transaction; {@code fiscal} says whether
     * refunds and voids carry a fiscal document for the security device.
     */
    public record Rules(ZoneId zone, String currency, java.time.Clock clock, java.util.function.Consumer<String> drawerKick,
                        Slips slips, com.wkpos.edge.agent.fiscal.Fiscalization fiscal) {
    }

    /** Queues the slip of a refund or void inside the transaction that commits it. */
    @FunctionalInterface
    public interface Slips {
        Slips NONE = (tx, refundId, actor) -> { };

        void queue(JournalTransaction tx, String refundId, String actor);
    }

    private final Journal journal;
    private final Approvals approvals;
    private final CardRefunds cards;
    private final Rules rules;

    /** @param cards null when the branch has no card terminal */
    public Refunds(Journal journal, Approvals approvals, CardRefunds cards, Rules rules) {
        this.journal = journal;
        this.approvals = approvals;
        this.cards = cards;
        this.rules = rules;
    }

    public static void register(Projections.Builder projections) {
        projections.on(REFUNDED, RefundProjection::project)
                .on(VOIDED, RefundProjection::project)
                .table("refunds", "id", "seq")
                .table("refund_lines", "refund_id, line_no", "seq")
                .table("refund_payments", "id", "seq");
    }

    /**
     * @throws Refused 400 bad request, 402 the terminal refused, 403 approval missing, 404 no such sale,
     *                 409 the sale was voided or the drawer lacks the cash, 422 more than was paid
     */
    public RefundView refund(String saleId, Request request, String key, String actor, String staffId, String origin) {
        requireKey(key);
        Map<Integer, Long> lines = lines(request.lines());
        String reason = reason(request.reason());
        Optional<RefundView> replay = replay(key, saleId, false, false);
        if (replay.isPresent()) {
            return replay.get();
        }
        SaleBook sale = book(saleId);
        requireRefundable(sale);
        RefundPlan plan = RefundPlan.of(sale, lines);
        String method = method(request.method(), sale);
        String customer = request.customerId() != null ? request.customerId() : sale.customerId();
        if (method.equals("STORE_CREDIT") && customer == null) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "customer-required", "a refund to store credit needs the"
                    + " sale's customer or a customerId");
        }
        requireWithinMethod(sale, refundedBy(saleId), method, plan.amount());
        Optional<Grant> grant = approvals.check(Action.REFUND, plan.amount(), actor, request.approval(), origin);
        RefundCommand.Ask ask = new RefundCommand.Ask(saleId, false, lines, method, customer, reason, key, actor,
                staffId, plan.amount(), Optional.empty(), grant);
        Optional<CardRefunds.CardRefund> card = method.equals("CARD")
                ? Optional.of(requireCards().refund(key, plan.amount(), actor, RefundRecovery.request(ask)))
                : Optional.empty();
        return commit(ask.withCard(card));
    }

    /**
     * What a refund of these lines (none: everything left) would give back now; writes nothing.
     *
     * @throws Refused 404 no such sale, 409 voided, 422 more than is left
     */
    public Quote quote(String saleId, List<Request.Line> lines) {
        SaleBook sale = book(saleId);
        requireRefundable(sale);
        RefundPlan plan = RefundPlan.of(sale, lines(lines));
        return new Quote(saleId, plan.amount(), plan.lines().stream().map(l -> new RefundView.Line(l.lineNo(), l.qty(),
                l.net(), l.tax(), l.total())).toList());
    }

    /** What a refund would give back: in total and per line. */
    public record Quote(String saleId, long amount, List<RefundView.Line> lines) {
    }

    /** @throws Refused 403 approval missing, 404 no such sale, 409 another day, after the Z, voided or refunded */
    public RefundView voidSale(String saleId, String reason, ApprovalInput approval, String key, String actor,
                               String staffId, String origin) {
        requireKey(key);
        String why = reason(reason);
        Optional<RefundView> replay = replay(key, saleId, true, false);
        if (replay.isPresent()) {
            return replay.get();
        }
        SaleBook sale = book(saleId);
        journal.read(c -> {
            try (ReadContext ctx = new ReadContext(c)) {
                requireVoidable(ctx, sale, rules.zone(), rules.clock().instant());
                return null;
            }
        });
        Optional<Grant> grant = approvals.check(Action.VOID, sale.total(), actor, approval, origin);
        RefundCommand.Ask ask = new RefundCommand.Ask(saleId, true, Map.of(), null, null, why, key, actor, staffId,
                sale.total(), Optional.empty(), grant);
        Optional<CardRefunds.CardRefund> card = sale.paidBy().getOrDefault("CARD", 0L) > 0
                ? requireCards().reverseSale(key, saleId, actor, RefundRecovery.request(ask)) : Optional.empty();
        return commit(ask.withCard(card));
    }

    /**
     * Completes the refunds and voids whose card money went back but whose commit never happened (a crash
     * or a failure between the terminal and the journal); at start-up, before screens connect.
     *
     * @return how many were completed; the rest were raised to a manager or wait for the next start
     */
    public int recover() {
        return cards == null ? 0 : new RefundRecovery(journal, cards, rules).run();
    }

    public Optional<RefundView> find(String refundId) {
        return journal.read(c -> RefundView.read(c, refundId));
    }

    public List<RefundView> forSale(String saleId) {
        return journal.read(c -> RefundView.forSale(c, saleId));
    }

    static void requireRefundable(SaleBook sale) {
        if (sale.voided()) {
            throw new Refused(Refused.Kind.CONFLICT, "sale-voided", "sale " + sale.invoiceNo() + " is voided; nothing"
                    + " is left to refund");
        }
    }

    /** Per method: no more back than the sale took by it, less what earlier refunds gave back by it. */
    static void requireWithinMethod(SaleBook sale, Map<String, Long> refundedBy, String method, long amount) {
        if (method.equals("STORE_CREDIT") && sale.refundable().getOrDefault("STORE_CREDIT", 0L) <= 0) {
            return;
        }
        long paid = sale.refundable().getOrDefault(method, 0L);
        long left = paid - refundedBy.getOrDefault(method, 0L);
        if (paid <= 0) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-method-not-paid", "sale " + sale.invoiceNo()
                    + " was not paid by " + method + "; refund to " + sale.refundable().keySet() + " or STORE_CREDIT");
        }
        if (amount > left) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-above-paid", "a refund of " + amount + " by " + method
                    + " is more than the " + left + " left of the " + paid + " paid by " + method + " for sale "
                    + sale.invoiceNo());
        }
    }

    /** Same business day as the sale, before that day's Z, and nothing refunded or voided yet. */
    static void requireVoidable(ProjectionContext ctx, SaleBook sale, ZoneId zone, Instant now) throws SQLException {
        if (sale.voided()) {
            throw new Refused(Refused.Kind.CONFLICT, "sale-voided", "sale " + sale.invoiceNo() + " is voided already");
        }
        if (sale.paidBy().getOrDefault("EXCHANGE", 0L) > 0) {
            throw new Refused(Refused.Kind.CONFLICT, "sale-exchanged", "sale " + sale.invoiceNo() + " was paid with"
                    + " goods taken back in an exchange; refund it instead");
        }
        if (sale.refunded() > 0) {
            throw new Refused(Refused.Kind.CONFLICT, "sale-refunded", "sale " + sale.invoiceNo() + " was partly"
                    + " refunded; refund the rest instead of voiding it");
        }
        try (ResultSet rs = ctx.statement("SELECT COALESCE(MAX(seq), 0) FROM z_reports").executeQuery()) {
            rs.next();
            if (rs.getLong(1) > sale.seq()) {
                throw new Refused(Refused.Kind.CONFLICT, "void-after-z", "sale " + sale.invoiceNo() + " is in a closed"
                        + " Z report; refund it instead");
            }
        }
        LocalDate day = LocalDate.ofInstant(Instant.parse(sale.occurredAt()), zone);
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (!day.equals(today)) {
            throw new Refused(Refused.Kind.CONFLICT, "void-other-day", "sale " + sale.invoiceNo() + " is of " + day
                    + "; only sales of today (" + today + ") can be voided, refund it instead");
        }
    }

    /**
     * The refund or void made under {@code key}, if any.
     *
     * @param exchange whether the caller is an exchange's return: a key is never shared between an exchange
     *                 and a plain refund, whose answers would claim money given back that was not
     * @throws Refused 409 when the key was used for another sale, kind or an exchange
     */
    static Optional<String> byKey(ProjectionContext ctx, String key, String saleId, boolean isVoid, boolean exchange)
            throws SQLException {
        var ps = ctx.statement("SELECT id, sale_id, kind, method FROM refunds WHERE idempotency_key = ?");
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            if (!rs.getString(2).equals(saleId) || rs.getString(3).equals("VOID") != isVoid
                    || rs.getString(4).equals("EXCHANGE") != exchange) {
                throw keyReused(key);
            }
            return Optional.of(rs.getString(1));
        }
    }

    static Refused keyReused(String key) {
        return new Refused(Refused.Kind.CONFLICT, "idempotency-key-reused", "Idempotency-Key " + key
                + " was used for another refund, void or exchange; use a new key");
    }

    /** The refund, void or exchange return made under {@code key}, checked as {@code byKey} checks it. */
    private Optional<RefundView> replay(String key, String saleId, boolean isVoid, boolean exchange) {
        return journal.read(c -> {
            try (ReadContext ctx = new ReadContext(c)) {
                return byKey(ctx, key, saleId, isVoid, exchange);
            }
        }).flatMap(this::find);
    }

    private RefundView commit(RefundCommand.Ask ask) {
        String id;
        try {
            id = journal.submit(new RefundCommand(ask, rules)).join();
        } catch (CompletionException e) {
            if (ask.card().isPresent()) {
                org.tinylog.Logger.warn("card refund {} kept for a retry with Idempotency-Key {}",
                        ask.card().get().id(), ask.key());
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return find(id).orElseThrow();
    }

    SaleBook book(String saleId) {
        return journal.read(c -> {
            try (ReadContext ctx = new ReadContext(c)) {
                return SaleBook.read(ctx, saleId);
            }
        });
    }

    /** The exchange return made under {@code key} for {@code saleId}, if any (a key used otherwise is refused). */
    Optional<RefundView> byKey(String key, String saleId) {
        return replay(key, saleId, false, true);
    }

    Map<String, Long> refundedBy(String saleId) {
        return journal.read(c -> {
            try (ReadContext ctx = new ReadContext(c)) {
                return SaleBook.refundedBy(ctx, saleId);
            }
        });
    }

    /**
     * The approval of one action where the request may carry several (an exchange's return and its new sale):
     * a manager's PIN, or the remote approval among {@code approvalIds} that is for this action.
     */
    Optional<Grant> approve(Action action, long amount, String actor, ApprovalInput approval, String origin) {
        if (!approvals.policy().needs(action, amount)) {
            return Optional.empty();
        }
        return approvals.checkAll(Map.of(action, amount), actor, approval, origin).stream().findFirst();
    }

    Rules rules() {
        return rules;
    }

    private CardRefunds requireCards() {
        if (cards == null) {
            throw new Refused(Refused.Kind.DEVICE, "terminal-unavailable", "this branch has no card terminal; refund"
                    + " to store credit or cash");
        }
        return cards;
    }

    /** The method asked, else the sale's only method; a split sale must say which. */
    private static String method(String asked, SaleBook sale) {
        if (asked != null) {
            RefundCommand.account(asked);
            if (asked.equals("EXCHANGE")) {
                throw Refused.invalid("method EXCHANGE is for exchanges: POST /api/v1/sales/" + sale.saleId()
                        + "/exchange");
            }
            return asked;
        }
        List<String> paid = sale.refundable().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey)
                .toList();
        if (paid.size() != 1) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "refund-method-required", "sale " + sale.invoiceNo()
                    + " was paid by " + paid + "; say which method gets the money back (or STORE_CREDIT)");
        }
        return paid.getFirst();
    }

    static Map<Integer, Long> lines(List<Request.Line> lines) {
        Map<Integer, Long> out = new TreeMap<>();
        if (lines == null) {
            return out;
        }
        for (int i = 0; i < lines.size(); i++) {
            Request.Line l = lines.get(i);
            if (l == null || l.lineNo() == null || l.qty() == null || l.qty() < 1) {
                throw Refused.invalid("lines[" + i + "]: lineNo and a qty >= 1 are required");
            }
            long merged = out.getOrDefault(l.lineNo(), 0L) + l.qty();
            if (merged > SaleSettings.MAX_QTY) {
                throw Refused.invalid("lines: at most " + SaleSettings.MAX_QTY + " units of line " + l.lineNo());
            }
            out.put(l.lineNo(), merged);
        }
        return out;
    }

    static String reason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw Refused.invalid("reason is required (1-200 characters)");
        }
        return reason.strip();
    }

    static void requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 200) {
            throw Refused.invalid("an Idempotency-Key header (1-200 characters) is required");
        }
    }
}

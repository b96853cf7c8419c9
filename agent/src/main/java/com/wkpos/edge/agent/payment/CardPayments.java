package com.wkpos.edge.agent.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.CardTerminal;
import com.wkpos.edge.drivers.api.DeviceException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Card payments through the {@code CardTerminal}. Money that left a customer's card is never lost: an
 * approval is journaled in its own commit before the sale that uses it. If the sale then fails, or the
 * box dies before it commits, the approval stays APPROVED and unused: a retry of the same sale (same
 * Idempotency-Key and amount) uses it instead of charging again, and {@link #recover} reverses the
 * rest at start-up. A decline or abort is journaled for the audit and the screen is told; the sale
 * stays open. Thread-safe (the terminal runs one transaction at a time).
 */
public final class CardPayments {
    static final String APPROVED = "card.approved";
    static final String REVERSED = "card.reversed";
    static final String DECLINED = "card.declined";

    private final Journal journal;
    private final Supplier<Optional<CardTerminal>> terminal;
    private final Events events;
    private final Clock clock;
    private final String currency;

    public CardPayments(Journal journal, Supplier<Optional<CardTerminal>> terminal, Events events, Clock clock,
                        String currency) {
        this.journal = journal;
        this.terminal = terminal;
        this.events = events;
        this.clock = clock;
        this.currency = currency;
    }

    public static void register(Projections.Builder projections) {
        projections.on(APPROVED, CardPayments::projectApproved)
                .on(REVERSED, (ctx, e, p) -> {
                    PreparedStatement ps = ctx.statement("UPDATE card_payments SET status = 'REVERSED', seq = ?"
                            + " WHERE id = ? AND status = 'APPROVED'");
                    ps.setLong(1, e.seq());
                    ps.setString(2, p.required("approvalId").asText());
                    if (ps.executeUpdate() != 1) {
                        throw new IllegalStateException("card approval " + p.required("approvalId").asText()
                                + " is not open to reverse");
                    }
                    Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "card.reverse",
                            "card:" + p.required("approvalId").asText(), p.required("why").asText());
                })
                .on(DECLINED, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(),
                        p.required("actor").asText(), "card.decline", "sale-key:" + p.required("idempotencyKey").asText(),
                        p.required("outcome").asText() + " amount=" + p.required("amount").asLong() + " "
                                + p.required("detail").asText()))
                .table("card_payments", "id", "seq");
    }

    /** Marks an approval used by its sale, in the sale's projection. */
    public static void markUsed(ProjectionContext ctx, JournalEntry e, String approvalId, String saleId)
            throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE card_payments SET status = 'USED', seq = ?, sale_id = ?"
                + " WHERE id = ? AND status = 'APPROVED'");
        ps.setLong(1, e.seq());
        ps.setString(2, saleId);
        ps.setString(3, approvalId);
        if (ps.executeUpdate() != 1) {
            throw new Refused(Refused.Kind.CONFLICT, "card-approval-used", "card approval " + approvalId
                    + " is used or reversed already; retry the sale");
        }
    }

    /**
     * Charges {@code amount} for the sale under {@code key}, or finds the approval an interrupted attempt
     * of the same sale left.
     *
     * @throws Refused 402 when declined or aborted (journaled, screens told), 503 without a terminal
     */
    public CardApproval authorize(String key, long amount, String actor) {
        Optional<CardApproval> earlier = open(key, amount);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        CardTerminal t = terminal.get().orElseThrow(() -> new Refused(Refused.Kind.DEVICE, "terminal-unavailable",
                "no card terminal is available; take another payment method"));
        CardOutcome outcome;
        try {
            outcome = t.authorize(amount, currency, prompt -> events.publish("terminal.prompt", Map.of("text", prompt)));
        } catch (DeviceException e) {
            throw new Refused(Refused.Kind.DEVICE, "terminal-unavailable", e.getMessage());
        }
        if (outcome instanceof CardOutcome.Approved a) {
            CardApproval approval = new CardApproval(UuidV7.nextString(clock), a.amount(), a.receiptNo(), a.maskedPan(),
                    a.cardType(), a.slip());
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("approvalId", approval.id());
            p.put("idempotencyKey", key);
            p.put("amount", a.amount());
            p.put("currency", currency);
            p.put("receiptNo", a.receiptNo());
            p.put("trace", a.trace());
            p.put("maskedPan", a.maskedPan());
            p.put("cardType", a.cardType());
            p.put("terminalId", a.terminalId());
            p.put("slip", a.slip());
            p.put("actor", actor);
            p.put("at", clock.instant().toString());
            journal.submit(tx -> tx.append(APPROVED, p)).join();
            return approval;
        }
        String kind = outcome.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
        String detail = switch (outcome) {
            case CardOutcome.Declined d -> d.message() + " (result " + d.resultCode() + ")";
            case CardOutcome.Aborted ab -> ab.reason();
            case CardOutcome.TimedOut to -> to.detail() + "; check the terminal before charging again";
            case CardOutcome.Approved ignored -> throw new AssertionError();
        };
        journal.submit(tx -> tx.append(DECLINED, Map.of("idempotencyKey", key, "amount", amount, "outcome", kind,
                "detail", detail, "actor", actor, "at", clock.instant().toString()))).join();
        events.publish("payment.card-declined", Map.of("idempotencyKey", key, "amount", amount, "outcome", kind,
                "detail", detail));
        throw new Refused(Refused.Kind.PAYMENT, "card-declined", "the card payment of " + amount + " was not made: "
                + kind + " " + detail + "; the sale is still open");
    }

    /** Gives the money back (ZVT reversal) for an approval no sale used, and journals it. */
    public boolean reverse(String approvalId, String why, String actor) {
        Optional<String> receiptNo = journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT receipt_no FROM card_payments WHERE id = ? AND status = 'APPROVED'")) {
                ps.setString(1, approvalId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        Optional<CardTerminal> t = terminal.get();
        if (receiptNo.isEmpty() || t.isEmpty()) {
            return false;
        }
        try {
            CardOutcome outcome = t.get().reverse(receiptNo.get(), prompt -> { });
            if (!(outcome instanceof CardOutcome.Approved)) {
                Logger.warn("card approval {} not reversed: {}", approvalId, outcome);
                return false;
            }
        } catch (DeviceException e) {
            Logger.warn("card approval {} not reversed: {}", approvalId, e.getMessage());
            return false;
        }
        journal.submit(tx -> tx.append(REVERSED, Map.of("approvalId", approvalId, "why", why, "actor", actor,
                "at", clock.instant().toString()))).join();
        return true;
    }

    /** Reverses every approval no sale used (left by a crash between approval and sale); at start-up. */
    public int recover() {
        List<String> open = journal.read(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM card_payments WHERE status = 'APPROVED'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
        int reversed = 0;
        for (String id : open) {
            if (reverse(id, "no sale used this approval (interrupted)", "system:recovery")) {
                reversed++;
            }
        }
        if (!open.isEmpty()) {
            Logger.info("card recovery: {} of {} unused approvals reversed", reversed, open.size());
        }
        return reversed;
    }

    private Optional<CardApproval> open(String key, long amount) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, amount, receipt_no, masked_pan, card_type, slip"
                    + " FROM card_payments WHERE idempotency_key = ? AND status = 'APPROVED' AND amount = ? LIMIT 1")) {
                ps.setString(1, key);
                ps.setLong(2, amount);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    List<String> slip = new ArrayList<>();
                    com.wkpos.edge.agent.journal.CanonicalJson.read(rs.getString(6)).forEach(n -> slip.add(n.asText()));
                    return Optional.of(new CardApproval(rs.getString(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), slip));
                }
            }
        });
    }

    private static void projectApproved(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO card_payments (id, seq, idempotency_key, amount, currency,"
                + " receipt_no, trace, masked_pan, card_type, terminal_id, slip, status, approved_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'APPROVED', ?)");
        ps.setString(1, p.required("approvalId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("idempotencyKey").asText());
        ps.setLong(4, p.required("amount").asLong());
        ps.setString(5, p.required("currency").asText());
        ps.setString(6, p.required("receiptNo").asText());
        ps.setString(7, p.required("trace").asText());
        ps.setString(8, p.path("maskedPan").asText(null));
        ps.setString(9, p.path("cardType").asText(null));
        ps.setString(10, p.path("terminalId").asText(null));
        ps.setString(11, p.required("slip").toString());
        ps.setString(12, p.required("at").asText());
        ps.executeUpdate();
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "card.approve",
                "card:" + p.required("approvalId").asText(), "amount=" + p.required("amount").asLong() + " receipt="
                        + p.required("receiptNo").asText());
    }
}

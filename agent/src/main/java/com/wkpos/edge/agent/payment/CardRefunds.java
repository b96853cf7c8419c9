package com.wkpos.edge.agent.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.CanonicalJson;
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

/**
 * Money going back to a card: a refund (ZVT 06 31) or the reversal of a sale's card payment for a void
 * (ZVT 06 30). As with card sales, what the terminal approved is journaled in its own commit
 * ({@code card.refunded}) before the refund or void that uses it; if that then fails, a retry with the
 * same Idempotency-Key and amount uses the journaled one instead of paying out twice. The entry carries
 * the refund or void it was for ({@code request}), so one that nothing used is completed when the agent
 * starts again; where that is no longer possible, a manager is alerted ({@code card.refund-unmatched}:
 * an {@code alert} event and an audit row) rather than the money being clawed back. Thread-safe.
 */
public final class CardRefunds {
    static final String REFUNDED = "card.refunded";
    static final String UNMATCHED = "card.refund-unmatched";

    /** A card refund or reversal the terminal approved, ready to be used by one refund or void. */
    public record CardRefund(String id, String kind, long amount, List<String> slip) {
    }

    /**
     * A card refund the terminal paid out that no refund or void used and no manager was alerted about:
     * what start-up recovery works on. {@code request} is the refund or void it was for (missing in
     * entries of older builds).
     */
    public record Unused(CardRefund card, String key, Optional<JsonNode> request) {
    }

    private final Journal journal;
    private final Supplier<Optional<CardTerminal>> terminal;
    private final Events events;
    private final Clock clock;
    private final String currency;

    public CardRefunds(Journal journal, Supplier<Optional<CardTerminal>> terminal, Events events, Clock clock,
                       String currency) {
        this.journal = journal;
        this.terminal = terminal;
        this.events = events;
        this.clock = clock;
        this.currency = currency;
    }

    public static void register(Projections.Builder projections) {
        projections.on(REFUNDED, CardRefunds::project).table("card_refunds", "id", "seq")
                .on(UNMATCHED, CardRefunds::projectUnmatched).table("card_refund_alerts", "card_refund_id", "seq");
    }

    /**
     * Pays {@code amount} back to the customer's card, or finds the refund an interrupted attempt left.
     *
     * @param request the refund it is for, journaled with it so start-up recovery can complete it
     */
    public CardRefund refund(String key, long amount, String actor, Map<String, Object> request) {
        Optional<CardRefund> earlier = open(key, "REFUND", amount);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        CardOutcome outcome = run(t -> t.refund(amount, currency, prompt -> events.publish("terminal.prompt",
                Map.of("text", prompt))), "refund " + amount);
        return journal(key, "REFUND", (CardOutcome.Approved) outcome, amount, null, actor, request);
    }

    /**
     * Reverses the card payment of a sale (for its void), or finds the reversal an interrupted attempt left.
     *
     * @return empty when the sale took no card
     */
    public Optional<CardRefund> reverseSale(String key, String saleId, String actor, Map<String, Object> request) {
        Optional<String[]> used = journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, receipt_no, amount FROM card_payments"
                    + " WHERE sale_id = ? AND status = 'USED'")) {
                ps.setString(1, saleId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                            : Optional.<String[]>empty();
                }
            }
        });
        if (used.isEmpty()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(used.get()[2]);
        Optional<CardRefund> earlier = open(key, "REVERSAL", amount);
        if (earlier.isPresent()) {
            return earlier;
        }
        CardOutcome outcome = run(t -> t.reverse(used.get()[1], prompt -> events.publish("terminal.prompt",
                Map.of("text", prompt))), "reversal of receipt " + used.get()[1]);
        return Optional.of(journal(key, "REVERSAL", (CardOutcome.Approved) outcome, amount, used.get()[0], actor,
                request));
    }

    /** Marks a card refund used by its refund or void, in that entry's projection. */
    public static void markUsed(ProjectionContext ctx, JournalEntry e, String cardRefundId, String refundId)
            throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE card_refunds SET status = 'USED', seq = ?, refund_id = ?"
                + " WHERE id = ? AND status = 'APPROVED'");
        ps.setLong(1, e.seq());
        ps.setString(2, refundId);
        ps.setString(3, cardRefundId);
        if (ps.executeUpdate() != 1) {
            throw new Refused(Refused.Kind.CONFLICT, "card-refund-used", "card refund " + cardRefundId
                    + " is used already; retry the refund");
        }
    }

    /** Card refunds the terminal paid out that no refund or void has used yet (an interrupted attempt). */
    public int unused() {
        return journal.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM card_refunds WHERE status = 'APPROVED'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** Card refunds no refund or void used, oldest first, leaving out those a manager was alerted about. */
    public List<Unused> unusedForRecovery() {
        return journal.read(c -> {
            List<Unused> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.kind, r.amount, r.slip, r.idempotency_key,"
                    + " j.payload FROM card_refunds r JOIN journal j ON j.seq = r.seq WHERE r.status = 'APPROVED'"
                    + " AND r.id NOT IN (SELECT card_refund_id FROM card_refund_alerts) ORDER BY r.seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> slip = new ArrayList<>();
                    CanonicalJson.read(rs.getString(4)).forEach(n -> slip.add(n.asText()));
                    JsonNode request = CanonicalJson.read(rs.getString(6)).path("request");
                    out.add(new Unused(new CardRefund(rs.getString(1), rs.getString(2), rs.getLong(3), slip),
                            rs.getString(5), request.isObject() ? Optional.of(request) : Optional.empty()));
                }
            }
            return out;
        });
    }

    /**
     * Journals that a card refund can no longer be matched to its refund or void and tells screens
     * ({@code alert} event): the customer has the money, so a manager decides, not the box.
     */
    public void alertUnmatched(Unused unused, String why) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cardRefundId", unused.card().id());
        p.put("idempotencyKey", unused.key());
        p.put("kind", unused.card().kind());
        p.put("amount", unused.card().amount());
        p.put("why", why);
        p.put("actor", "system:recovery");
        p.put("at", clock.instant().toString());
        journal.submit(tx -> tx.append(UNMATCHED, p)).join();
        events.publish("alert", Map.of("alert", "card-refund-unmatched", "cardRefundId", unused.card().id(),
                "amount", unused.card().amount(), "detail", why));
    }

    private interface TerminalCall {
        CardOutcome call(CardTerminal t) throws DeviceException;
    }

    /** @throws Refused 402 when the terminal did not approve, 503 without a terminal */
    private CardOutcome run(TerminalCall call, String what) {
        CardTerminal t = terminal.get().orElseThrow(() -> new Refused(Refused.Kind.DEVICE, "terminal-unavailable",
                "no card terminal is available for the " + what + "; refund to store credit or cash instead"));
        CardOutcome outcome;
        try {
            outcome = call.call(t);
        } catch (DeviceException e) {
            throw new Refused(Refused.Kind.DEVICE, "terminal-unavailable", e.getMessage());
        }
        if (!(outcome instanceof CardOutcome.Approved)) {
            throw new Refused(Refused.Kind.PAYMENT, "card-refund-failed", "the terminal did not approve the " + what
                    + ": " + outcome + "; nothing was paid back");
        }
        return outcome;
    }

    private CardRefund journal(String key, String kind, CardOutcome.Approved a, long amount, String approvalId,
                               String actor, Map<String, Object> request) {
        String id = UuidV7.nextString(clock);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("cardRefundId", id);
        p.put("idempotencyKey", key);
        p.put("kind", kind);
        p.put("amount", amount);
        p.put("receiptNo", a.receiptNo());
        p.put("approvalId", approvalId);
        p.put("slip", a.slip());
        p.put("actor", actor);
        p.put("at", clock.instant().toString());
        p.put("request", request);
        journal.submit(tx -> tx.append(REFUNDED, p)).join();
        return new CardRefund(id, kind, amount, a.slip());
    }

    private Optional<CardRefund> open(String key, String kind, long amount) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, slip FROM card_refunds WHERE idempotency_key = ?"
                    + " AND kind = ? AND amount = ? AND status = 'APPROVED' LIMIT 1")) {
                ps.setString(1, key);
                ps.setString(2, kind);
                ps.setLong(3, amount);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    List<String> slip = new ArrayList<>();
                    CanonicalJson.read(rs.getString(2)).forEach(n -> slip.add(n.asText()));
                    return Optional.of(new CardRefund(rs.getString(1), kind, amount, slip));
                }
            }
        });
    }

    private static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO card_refunds (id, seq, idempotency_key, kind, amount,"
                + " receipt_no, approval_id, slip, status, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'APPROVED', ?)");
        String at = p.required("at").asText();
        ps.setString(1, p.required("cardRefundId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("idempotencyKey").asText());
        ps.setString(4, p.required("kind").asText());
        ps.setLong(5, p.required("amount").asLong());
        ps.setString(6, p.path("receiptNo").asText(null));
        ps.setString(7, p.path("approvalId").isTextual() ? p.get("approvalId").asText() : null);
        ps.setString(8, p.required("slip").toString());
        ps.setString(9, at);
        ps.executeUpdate();
        Audit.record(ctx, e, at, p.required("actor").asText(), "card." + p.required("kind").asText()
                .toLowerCase(java.util.Locale.ROOT), "card-refund:" + p.required("cardRefundId").asText(),
                "amount=" + p.required("amount").asLong() + " receipt=" + p.path("receiptNo").asText(""));
    }

    private static void projectUnmatched(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO card_refund_alerts (card_refund_id, seq, why, raised_at)"
                + " VALUES (?, ?, ?, ?)");
        ps.setString(1, p.required("cardRefundId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("why").asText());
        ps.setString(4, p.required("at").asText());
        ps.executeUpdate();
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "card.refund-unmatched",
                "card-refund:" + p.required("cardRefundId").asText(), "amount=" + p.required("amount").asLong()
                        + " key=" + p.required("idempotencyKey").asText() + " why=" + p.required("why").asText());
    }
}

package com.wkpos.edge.agent.payment;

import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.ledger.LedgerTxn;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.shift.DrawerMoves;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Gift cards kept at the branch: sold for cash (the money is owed to the holder: a liability on its own
 * account), spent as a tender, topped up again by refunds to the card. A balance never goes negative.
 */
public final class GiftCards {
    static final String ISSUED = "giftcard.issued";

    public record View(String code, long issuedAmount, long balance) {
    }

    private final Journal journal;
    private final Clock clock;
    private final String currency;
    private final Consumer<String> drawerKick;

    public GiftCards(Journal journal, Clock clock, String currency, Consumer<String> drawerKick) {
        this(journal, clock, currency, drawerKick, com.wkpos.edge.agent.fiscal.Fiscalization.off());
    }

    /** @param fiscal whether a gift card sold for cash carries a fiscal document */
    public GiftCards(Journal journal, Clock clock, String currency, Consumer<String> drawerKick,
                     com.wkpos.edge.agent.fiscal.Fiscalization fiscal) {
        this.fiscal = fiscal;
        this.journal = journal;
        this.clock = clock;
        this.currency = currency;
        this.drawerKick = drawerKick;
    }

    private final com.wkpos.edge.agent.fiscal.Fiscalization fiscal;

    public static void register(Projections.Builder projections) {
        projections.on(ISSUED, (ctx, e, p) -> {
            String at = p.required("at").asText();
            PreparedStatement ps = ctx.statement("INSERT INTO gift_cards (code, seq, issued_amount, balance, issued_at)"
                    + " VALUES (?, ?, ?, ?, ?)");
            ps.setString(1, p.required("code").asText());
            ps.setLong(2, e.seq());
            ps.setLong(3, p.required("amount").asLong());
            ps.setLong(4, p.required("amount").asLong());
            ps.setString(5, at);
            ps.executeUpdate();
            DrawerMoves.record(ctx, e, p.path("shiftId").asText(null), "GIFT_CARD_SALE", p.required("amount").asLong(),
                    p.required("code").asText(), null, at);
            Ledger.project(ctx, e, p.required("ledger"), p.required("currency").asText(), at);
            Audit.record(ctx, e, at, p.required("actor").asText(), "giftcard.issue", "giftcard:" + p.required("code").asText(),
                    "amount=" + p.required("amount").asLong());
        }).table("gift_cards", "code", "seq");
    }

    /**
     * Sells a new gift card for cash.
     *
     * @throws Refused 400 for a bad code or amount, 409 when the code exists
     */
    public View issue(String code, long amount, String actor, String staffId) {
        if (code == null || !code.matches("[A-Z0-9-]{6,32}")) {
            throw Refused.invalid("code must be 6-32 upper-case letters, digits or '-', was '" + code + "'");
        }
        if (amount <= 0 || amount > 100_000_00) {
            throw Refused.invalid("amount must be 1..10000000 minor units, was " + amount);
        }
        try {
            journal.submit(tx -> {
                if (balance(tx, code).isPresent()) {
                    throw new Refused(Refused.Kind.CONFLICT, "gift-card-exists", "gift card " + code + " exists already");
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("code", code);
                p.put("amount", amount);
                p.put("shiftId", DrawerMoves.requireOpenShift(tx, staffId, "sell a gift card"));
                p.put("actor", actor);
                p.put("at", clock.instant().toString());
                p.put("currency", currency);
                p.put("ledger", new LedgerTxn.Builder(clock, "gift card " + code).debit(Accounts.CASH, amount)
                        .credit(Accounts.GIFT_CARDS, amount).build("giftcard:" + code));
                fiscal.attach(tx, p, () -> com.wkpos.edge.agent.fiscal.FiscalDocument.cash("giftcard:" + code,
                        "GIFT_CARD_SALE", amount));
                tx.append(ISSUED, p);
                tx.afterCommit(() -> drawerKick.accept("gift card sold"));
                return null;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return find(code).orElseThrow();
    }

    public Optional<View> find(String code) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT code, issued_amount, balance FROM gift_cards WHERE code = ?")) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new View(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** The balance of a card inside a write transaction; empty when no such card. */
    public static Optional<Long> balance(JournalTransaction tx, String code) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT balance FROM gift_cards WHERE code = ?");
        ps.setString(1, code);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** Changes a balance from a sale's, refund's or void's projection ({@code delta} < 0 to spend). */
    public static void change(ProjectionContext ctx, JournalEntry e, String code, long delta) throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE gift_cards SET balance = balance + ?, seq = ? WHERE code = ?"
                + " AND balance + ? >= 0");
        ps.setLong(1, delta);
        ps.setLong(2, e.seq());
        ps.setString(3, code);
        ps.setLong(4, delta);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("gift card " + code + " cannot change by " + delta);
        }
    }

    /** {@code journal verify}: the cards' balances add up to what the gift card account owes. */
    public static JournalVerifier.Check check() {
        return Balances.check("gift-card-balances", "SELECT COALESCE(SUM(balance), 0) FROM gift_cards", Accounts.GIFT_CARDS);
    }

    /** A check that a sum of balances equals a liability account's credit balance. */
    public static final class Balances {
        private Balances() {
        }

        public static JournalVerifier.Check check(String name, String sumSql, String account) {
            return new JournalVerifier.Check() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public Optional<JournalVerifier.Finding> run(Connection c) throws SQLException {
                    long held;
                    try (PreparedStatement ps = c.prepareStatement(sumSql); ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        held = rs.getLong(1);
                    }
                    try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(credit) - SUM(debit), 0),"
                            + " (SELECT COALESCE(MAX(seq), 0) FROM journal) FROM ledger_entries WHERE account = ?")) {
                        ps.setString(1, account);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) != held) {
                                return Optional.of(new JournalVerifier.Finding(name, rs.getLong(2), "balances add up to "
                                        + held + " but account " + account + " owes " + rs.getLong(1)));
                            }
                        }
                    }
                    return Optional.empty();
                }
            };
        }
    }
}

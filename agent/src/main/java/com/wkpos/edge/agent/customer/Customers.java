package com.wkpos.edge.agent.customer;

import com.fasterxml.jackson.databind.JsonNode;
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
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.rule.Refused;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Customers, made and edited at the branch while offline (the screen may choose the UUID), attached to
 * sales: total purchases, total spent, loyalty points and store credit. Store credit is owed to the
 * customer (a liability on its own account). Thread-safe.
 */
public final class Customers {
    static final String CREATED = "customer.created";
    static final String UPDATED = "customer.updated";
    static final String REDEEMED = "customer.points-redeemed";

    public record View(String id, String name, String email, String phone, long totalPurchases, long totalSpent,
                       long points, long storeCredit) {
    }

    /** What a screen sends to create or edit a customer. */
    public record Details(String id, String name, String email, String phone) {
    }

    private final Journal journal;
    private final Clock clock;
    private final LoyaltyRule loyalty;
    private final String currency;

    public Customers(Journal journal, Clock clock, LoyaltyRule loyalty, String currency) {
        this.journal = journal;
        this.clock = clock;
        this.loyalty = loyalty;
        this.currency = currency;
    }

    public static void register(Projections.Builder projections) {
        projections.on(CREATED, Customers::projectCreated)
                .on(UPDATED, Customers::projectUpdated)
                .on(REDEEMED, (ctx, e, p) -> {
                    String id = p.required("customerId").asText();
                    change(ctx, e, id, 0, 0, -p.required("points").asLong(), p.required("credit").asLong());
                    Ledger.project(ctx, e, p.required("ledger"), p.required("currency").asText(), p.required("at").asText());
                    Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "customer.redeem",
                            "customer:" + id, "points=" + p.required("points").asLong() + " credit=" + p.required("credit").asLong());
                })
                .table("customers", "id", "seq");
    }

    public LoyaltyRule loyalty() {
        return loyalty;
    }

    public View create(Details d, String actor) {
        String id = d.id() == null ? UUID.randomUUID().toString() : d.id();
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Refused.invalid("id must be a UUID, was '" + id + "'");
        }
        requireDetails(d);
        run(tx -> {
            if (exists(tx, id)) {
                throw new Refused(Refused.Kind.CONFLICT, "customer-exists", "customer " + id + " exists already");
            }
            tx.append(CREATED, payload(id, d, actor));
            return null;
        });
        return find(id).orElseThrow();
    }

    public View update(String id, Details d, String actor) {
        requireDetails(d);
        run(tx -> {
            if (!exists(tx, id)) {
                throw new Refused(Refused.Kind.NOT_FOUND, "not-found", "no customer with id " + id);
            }
            tx.append(UPDATED, payload(id, d, actor));
            return null;
        });
        return find(id).orElseThrow();
    }

    /** Turns loyalty points into store credit at the configured value. */
    public View redeem(String id, long points, String actor) {
        if (points <= 0) {
            throw Refused.invalid("points must be > 0, was " + points);
        }
        long credit = Math.multiplyExact(points, loyalty.pointValue());
        run(tx -> {
            PreparedStatement ps = tx.statement("SELECT points FROM customers WHERE id = ?");
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused(Refused.Kind.NOT_FOUND, "not-found", "no customer with id " + id);
                }
                if (rs.getLong(1) < points) {
                    throw new Refused(Refused.Kind.UNPROCESSABLE, "not-enough-points", "customer " + id + " has "
                            + rs.getLong(1) + " points, not " + points);
                }
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("customerId", id);
            p.put("points", points);
            p.put("credit", credit);
            p.put("actor", actor);
            p.put("at", clock.instant().toString());
            p.put("currency", currency);
            p.put("ledger", new LedgerTxn.Builder(clock, "points of " + id).debit(Accounts.LOYALTY_EXPENSE, credit)
                    .credit(Accounts.STORE_CREDIT, credit).build("redeem:" + tx.clock().instant() + ":" + id));
            tx.append(REDEEMED, p);
            return null;
        });
        return find(id).orElseThrow();
    }

    public Optional<View> find(String id) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(VIEW_SELECT + " WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(view(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Customers whose name, email or phone contains {@code text} (case-insensitive), by name, at most
     * {@code limit}; every customer by name when the text is blank.
     */
    public List<View> search(String text, int limit) {
        String needle = "%" + (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(VIEW_SELECT + " WHERE lower(name) LIKE ?1 ESCAPE '\\'"
                    + " OR lower(COALESCE(email, '')) LIKE ?1 ESCAPE '\\' OR COALESCE(phone, '') LIKE ?1 ESCAPE '\\'"
                    + " ORDER BY name COLLATE NOCASE, id LIMIT ?2")) {
                ps.setString(1, needle);
                ps.setInt(2, limit);
                List<View> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(view(rs));
                    }
                }
                return out;
            }
        });
    }

    private static final String VIEW_SELECT = "SELECT id, name, email, phone, total_purchases, total_spent, points,"
            + " store_credit FROM customers";

    private static View view(ResultSet rs) throws SQLException {
        return new View(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getLong(8));
    }

    /** The store credit of a customer in a write transaction; empty when no such customer. */
    public static Optional<Long> storeCredit(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT store_credit FROM customers WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
        }
    }

    /** Applies a sale, refund or void to a customer's totals, points and store credit. */
    public static void change(ProjectionContext ctx, JournalEntry e, String id, long purchases, long spent, long points,
                              long credit) throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE customers SET total_purchases = total_purchases + ?,"
                + " total_spent = total_spent + ?, points = MAX(0, points + ?), store_credit = store_credit + ?, seq = ?"
                + " WHERE id = ?");
        ps.setLong(1, purchases);
        ps.setLong(2, spent);
        ps.setLong(3, points);
        ps.setLong(4, credit);
        ps.setLong(5, e.seq());
        ps.setString(6, id);
        if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("no customer " + id);
        }
    }

    /** {@code journal verify}: customers' store credit adds up to what the store credit account owes. */
    public static JournalVerifier.Check check() {
        return GiftCards.Balances.check("store-credit-balances", "SELECT COALESCE(SUM(store_credit), 0) FROM customers",
                Accounts.STORE_CREDIT);
    }

    private Map<String, Object> payload(String id, Details d, String actor) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("customerId", id);
        p.put("name", d.name().strip());
        p.put("email", d.email());
        p.put("phone", d.phone());
        p.put("actor", actor);
        p.put("at", clock.instant().toString());
        return p;
    }

    private static boolean exists(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT 1 FROM customers WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static void requireDetails(Details d) {
        if (d.name() == null || d.name().isBlank() || d.name().length() > 200) {
            throw Refused.invalid("name is required (1-200 characters)");
        }
        if (d.email() != null && d.email().length() > 200) {
            throw Refused.invalid("email must be at most 200 characters");
        }
        if (d.phone() != null && d.phone().length() > 50) {
            throw Refused.invalid("phone must be at most 50 characters");
        }
    }

    private static void projectCreated(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO customers (id, seq, name, email, phone, total_purchases,"
                + " total_spent, points, store_credit, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)");
        ps.setString(1, p.required("customerId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("name").asText());
        ps.setString(4, p.path("email").asText(null));
        ps.setString(5, p.path("phone").asText(null));
        ps.setString(6, p.required("at").asText());
        ps.setString(7, p.required("at").asText());
        ps.executeUpdate();
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "customer.create",
                "customer:" + p.required("customerId").asText(), "");
    }

    private static void projectUpdated(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        PreparedStatement ps = ctx.statement("UPDATE customers SET name = ?, email = ?, phone = ?, updated_at = ?, seq = ?"
                + " WHERE id = ?");
        ps.setString(1, p.required("name").asText());
        ps.setString(2, p.path("email").asText(null));
        ps.setString(3, p.path("phone").asText(null));
        ps.setString(4, p.required("at").asText());
        ps.setLong(5, e.seq());
        ps.setString(6, p.required("customerId").asText());
        ps.executeUpdate();
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "customer.update",
                "customer:" + p.required("customerId").asText(), "");
    }

    private void run(com.wkpos.edge.agent.journal.WriteCommand<Void> command) {
        try {
            journal.submit(command).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}

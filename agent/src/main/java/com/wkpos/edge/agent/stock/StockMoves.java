package com.wkpos.edge.agent.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalInput;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.WriteCommand;
import com.wkpos.edge.agent.rule.Inputs;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
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
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Stock moved by hand at the branch, each one {@code stock.moved} journal entry with its movement: goods
 * received (PURCHASE), counted (INITIAL: the count sets the level by journaling the difference), corrected
 * (ADJUSTMENT), written off as DAMAGE or EXPIRED. Sales, refunds and voids move stock through their own
 * entries. The payload carries the move as {@code stock: [{sku, delta}]} like a sale's, so HQ sums it into
 * the branch's stock with no code of its own. Nothing lowers a level below zero (only the till's oversell
 * can, and a count sets it right).
 *
 * <p>Anyone may record a delivery. A cashier may record the other moves (write-offs) up to the till's
 * {@code stockAdjustmentAbove}: above it, or for a SKU the catalog has no price for, the move needs a
 * manager's approval ({@link Action#STOCK_ADJUSTMENT}, journaled with the move). Its value is the units it
 * moves times the catalog price. A manager needs none: unlike the till's thresholds, which ask another
 * manager even of a manager, write-offs were a manager's own call before there were thresholds.
 */
public final class StockMoves {
    static final String MOVED = "stock.moved";
    public static final List<String> TYPES = List.of("PURCHASE", "ADJUSTMENT", "DAMAGE", "EXPIRED", "INITIAL");
    private static final Set<String> WRITE_OFFS = Set.of("ADJUSTMENT", "DAMAGE", "EXPIRED", "INITIAL");
    static final long MAX_QTY = 1_000_000;
    static final int MAX_TEXT = 500;

    /**
     * A move as a screen asks for it: {@code id}, the movement's UUID the screen makes once (a retry sends the
     * same one, so it is not recorded twice); {@code qty} received or written off (> 0), or the signed change of
     * an ADJUSTMENT, or for INITIAL the {@code counted} quantity; {@code approval} where a cashier's write-off
     * needs a manager.
     */
    public record Request(String id, String type, String sku, Long qty, Long counted, String reason, String reference,
                          ApprovalInput approval, List<String> serials) {
        public Request(String id, String type, String sku, Long qty, Long counted, String reason, String reference) {
            this(id, type, sku, qty, counted, reason, reference, null, null);
        }

        public Request(String id, String type, String sku, Long qty, Long counted, String reason, String reference,
                       ApprovalInput approval) {
            this(id, type, sku, qty, counted, reason, reference, approval, null);
        }
    }

    /**
     * A movement as it stands in the SKU's history: {@code delta} changed what is on hand, {@code reservedDelta}
     * what is reserved (only RESERVATION and RELEASE change it, and they leave on hand alone).
     */
    public record Movement(String id, String sku, String type, long delta, long reservedDelta, String refId,
                           String occurredAt) {
    }

    /** What a move did: the movement and the SKU's level after it. */
    public record Moved(Movement movement, long onHand, long reorderLevel, boolean low) {
    }

    private final Journal journal;
    private final Clock clock;
    private final Events events;
    private final Approvals approvals;
    private final Catalogs catalogs;

    public StockMoves(Journal journal, Clock clock, Events events, Approvals approvals, Catalogs catalogs) {
        this.journal = journal;
        this.clock = clock;
        this.events = events;
        this.approvals = approvals;
        this.catalogs = catalogs;
    }

    public static void register(Projections.Builder projections) {
        projections.on(MOVED, StockMoves::project);
    }

    /**
     * Records a move; {@code origin} is the screen it came from (for a manager's PIN check).
     *
     * @throws Refused 400 bad input, 403 approval-required (or the approval's own refusals), 404 unknown SKU,
     *                 409 movement-exists or not-enough-stock; nothing is journaled then
     */
    public Moved move(Request r, StaffMember staff, String origin) {
        String type = r.type() == null ? null : r.type().toUpperCase(Locale.ROOT);
        if (type == null || !TYPES.contains(type)) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", "type must be one of " + TYPES + ", was "
                    + r.type());
        }
        String sku = Inputs.text(r.sku(), "sku", 64, true);
        String reason = Inputs.text(r.reason(), "reason", MAX_TEXT, !type.equals("PURCHASE"));
        String reference = Inputs.text(r.reference(), "reference", 100, false);
        if (r.id() == null) {
            // made up here, a retry after a lost answer would book the delivery a second time
            throw Inputs.invalid("id is required: a UUID the screen makes once per movement and sends again on a retry");
        }
        String id = Inputs.uuid(r.id(), "id");
        if (type.equals("INITIAL")) {
            if (r.counted() == null || r.counted() < 0 || r.counted() > MAX_QTY) {
                throw Inputs.invalid("counted must be 0.." + MAX_QTY + " for INITIAL, was " + r.counted());
            }
        } else if (r.qty() == null || r.qty() == 0 || Math.abs(r.qty()) > MAX_QTY
                || (!type.equals("ADJUSTMENT") && r.qty() < 0)) {
            throw Inputs.invalid("qty must be " + (type.equals("ADJUSTMENT") ? "a non-zero change" : "> 0") + " up to "
                    + MAX_QTY + " for " + type + ", was " + r.qty());
        }
        List<String> serials = serials(r, type, sku);
        boolean gated = WRITE_OFFS.contains(type) && !staff.role().approves();
        Optional<Grant> grant = gated ? approval(r, type, sku, id, staff, origin) : Optional.empty();
        long[] after = new long[2];
        try {
            journal.submit((WriteCommand<Void>) tx -> {
                if (movement(tx, id).isPresent()) {
                    throw new Refused(Refused.Kind.CONFLICT, "movement-exists", "movement " + id + " exists already");
                }
                Stock.Level level = Stock.level(tx, sku).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                        "unknown-product", "no stock record for sku " + sku));
                long delta = delta(type, r, level);
                if (!serials.isEmpty() && type.equals("PURCHASE")) {
                    SerialUnits.requireReceivable(tx, sku, serials);
                } else if (!serials.isEmpty()) {
                    SerialUnits.requireInStock(tx, sku, serials);
                }
                if (gated) {
                    // a count's difference may have grown since the approval was checked
                    requireCovered(grant, type, sku, value(sku, delta));
                }
                // a till may oversell, so a level can be below zero already: only a lowering is refused
                if (delta < 0 && level.onHand() + delta < 0) {
                    throw new Refused(Refused.Kind.CONFLICT, "not-enough-stock", sku + " has " + level.onHand()
                            + " on hand; " + type + " of " + -delta + " would leave it below zero");
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("movementId", id);
                p.put("type", type);
                p.put("sku", sku);
                p.put("delta", delta);
                p.put("onHandBefore", level.onHand());
                p.put("counted", type.equals("INITIAL") ? r.counted() : null);
                p.put("reason", reason);
                p.put("reference", reference);
                p.put("expectedVersion", level.version());
                p.put("stock", List.of(Map.of("sku", sku, "delta", delta)));
                if (!serials.isEmpty()) {
                    p.put("serials", serials);
                }
                p.put("approvalId", grant.map(Grant::approvalId).orElse(null));
                p.put("actor", staff.actor());
                p.put("at", clock.instant().toString());
                if (grant.isPresent()) {
                    Approvals.apply(tx, grant.get(), "stock-movement:" + id, staff.actor());
                }
                tx.append(MOVED, p);
                after[0] = level.onHand() + delta;
                after[1] = level.reorderLevel();
                if (after[0] <= level.reorderLevel() && level.onHand() > level.reorderLevel()) {
                    StockAlerts.low(tx, events, sku, after[0], level.reorderLevel(), "stock:" + id);
                }
                return null;
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        return new Moved(journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(MOVEMENT_SELECT)) {
                ps.setString(1, id);
                return movement(ps);
            }
        }).orElseThrow(), after[0], after[1], after[0] <= after[1]);
    }

    /**
     * The serial numbers of a serialized SKU's units: one per unit received or written off; its level is
     * never counted or corrected by number alone, so the units in stock stay the level.
     */
    private List<String> serials(Request r, String type, String sku) {
        boolean serialized = catalogs.current().bySku(sku).map(com.wkpos.edge.agent.catalog.Item::serialized)
                .orElse(false);
        if (!serialized) {
            SerialUnits.requireNone(r.serials(), sku);
            return List.of();
        }
        if (type.equals("INITIAL") || type.equals("ADJUSTMENT")) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "serialized-item", sku + " is a serialized item: its level"
                    + " is its units in stock; receive them (PURCHASE) or write them off (DAMAGE, EXPIRED) by serial number");
        }
        return SerialUnits.clean(r.serials(), r.qty(), sku);
    }

    private static long delta(String type, Request r, Stock.Level level) {
        return switch (type) {
            case "INITIAL" -> r.counted() - level.onHand();
            case "PURCHASE", "ADJUSTMENT" -> r.qty();
            default -> -r.qty();
        };
    }

    /**
     * What a cashier's write-off is worth: the units it moves times the catalog price; empty when the catalog
     * has no price for the SKU (then it always needs a manager).
     */
    private OptionalLong value(String sku, long delta) {
        return catalogs.current().bySku(sku).map(i -> OptionalLong.of(Math.multiplyExact(Math.abs(delta), i.price())))
                .orElse(OptionalLong.empty());
    }

    private boolean needsApproval(OptionalLong value) {
        return value.isEmpty() || approvals.policy().needs(Action.STOCK_ADJUSTMENT, value.getAsLong());
    }

    /**
     * Checks the approval a cashier's write-off needs, off the writer (a PIN check is slow), from the level
     * as it is now; a move already recorded under the id is answered as such rather than asking again.
     */
    private Optional<Grant> approval(Request r, String type, String sku, String id, StaffMember staff, String origin) {
        Stock.Level level = Stock.level(journal, sku).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND,
                "unknown-product", "no stock record for sku " + sku));
        if (journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(MOVEMENT_SELECT)) {
                ps.setString(1, id);
                return movement(ps);
            }
        }).isPresent()) {
            throw new Refused(Refused.Kind.CONFLICT, "movement-exists", "movement " + id + " exists already");
        }
        OptionalLong value = value(sku, delta(type, r, level));
        if (!needsApproval(value)) {
            return Optional.empty();
        }
        if (value.isEmpty() && (r.approval() == null || (r.approval().managerId() == null
                && r.approval().remoteIds().isEmpty()))) {
            throw new Refused(Refused.Kind.FORBIDDEN, "approval-required", type + " of " + sku + " needs a manager's"
                    + " approval: the catalog has no price for it; send approval.managerId and approval.managerPin,"
                    + " or the approval.approvalId of a granted STOCK_ADJUSTMENT", Map.of("approvalsNeeded",
                    List.of(Map.of("action", Action.STOCK_ADJUSTMENT.name(), "amount", 0L))));
        }
        return approvals.checkAll(Map.of(Action.STOCK_ADJUSTMENT, value.orElse(0)), staff.actor(), r.approval(),
                origin).stream().findFirst();
    }

    /** Refuses a write-off whose value, as the writer computes it, is beyond what was approved. */
    private void requireCovered(Optional<Grant> grant, String type, String sku, OptionalLong value) {
        boolean covered = grant.isPresent() && (value.isEmpty() || grant.get().amount() >= value.getAsLong());
        if (covered || !needsApproval(value)) {
            return;
        }
        long amount = value.orElse(0);
        throw new Refused(Refused.Kind.FORBIDDEN, "approval-required", type + " of " + sku + " is now worth " + amount
                + (grant.isPresent() ? ", more than the " + grant.get().amount() + " approved" : "")
                + "; it needs a manager's approval for that", Map.of("approvalsNeeded",
                List.of(Map.of("action", Action.STOCK_ADJUSTMENT.name(), "amount", amount))));
    }

    public Optional<Stock.Level> level(String sku) {
        return Stock.level(journal, sku);
    }

    /** A SKU's movements, newest first, at most {@code limit}. */
    public List<Movement> history(String sku, int limit) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, sku, type, qty_delta, reserved_delta,"
                    + " ref_id, occurred_at FROM inventory_movements WHERE sku = ? ORDER BY seq DESC, id LIMIT ?")) {
                ps.setString(1, sku);
                ps.setInt(2, limit);
                List<Movement> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Every SKU's level by SKU, or only those at or below their reorder level. */
    public List<Stock.Level> levels(boolean lowOnly, int limit) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + Stock.LEVEL_COLUMNS + " FROM stock"
                    + (lowOnly ? " WHERE on_hand <= reorder_level" : "") + " ORDER BY sku LIMIT ?")) {
                ps.setInt(1, limit);
                List<Stock.Level> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(Stock.level(rs));
                    }
                }
                return out;
            }
        });
    }

    /** A SKU to order: what it sold per day over the window, the days its stock lasts, and how many to order. */
    public record Suggestion(String sku, long onHand, long reorderLevel, long sold, double perDay, Double daysLeft,
                             long suggested) {
    }

    /**
     * The SKUs to reorder, soonest out first: those whose stock reaches the reorder level within the lead
     * time at the rate they sold (net of returns; exchanges count as both) over the last {@code days}. Each is suggested enough to
     * cover the lead time and {@code coverDays} more above its reorder level.
     */
    public List<Suggestion> reorder(int days, int leadDays, int coverDays) {
        String since = clock.instant().minus(java.time.Duration.ofDays(days)).toString();
        return journal.read(c -> {
            List<Suggestion> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT s.sku, s.on_hand, s.reorder_level, COALESCE((SELECT"
                    + " -SUM(m.qty_delta) FROM inventory_movements m WHERE m.sku = s.sku"
                    + " AND m.type IN ('SALE', 'RETURN', 'EXCHANGE_OUT', 'EXCHANGE_IN') AND m.occurred_at >= ?), 0)"
                    + " FROM stock s ORDER BY s.sku")) {
                ps.setString(1, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long onHand = rs.getLong(2);
                        long reorderLevel = rs.getLong(3);
                        long sold = Math.max(0, rs.getLong(4));
                        double perDay = (double) sold / days;
                        if (onHand > reorderLevel + perDay * leadDays) {
                            continue;
                        }
                        long suggested = Math.max(0, (long) Math.ceil(reorderLevel + perDay * (leadDays + coverDays)
                                - onHand));
                        if (suggested == 0) {
                            continue;
                        }
                        Double left = perDay > 0 ? Math.max(0, onHand) / perDay : null;
                        out.add(new Suggestion(rs.getString(1), onHand, reorderLevel, sold,
                                Math.round(perDay * 100) / 100.0, left == null ? null : Math.round(left * 10) / 10.0,
                                suggested));
                    }
                }
            }
            out.sort(java.util.Comparator.comparing((Suggestion s) -> s.daysLeft() == null ? Double.MAX_VALUE
                    : s.daysLeft()).thenComparing(Suggestion::sku));
            return out;
        });
    }

    private static final String MOVEMENT_SELECT = "SELECT id, sku, type, qty_delta, reserved_delta, ref_id,"
            + " occurred_at FROM inventory_movements WHERE id = ?";

    private static Optional<Movement> movement(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement(MOVEMENT_SELECT);
        ps.setString(1, id);
        return movement(ps);
    }

    private static Optional<Movement> movement(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static Movement row(ResultSet rs) throws SQLException {
        return new Movement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                rs.getString(6), rs.getString(7));
    }

    private static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String sku = p.required("sku").asText();
        String type = p.required("type").asText();
        String reference = p.path("reference").asText(null);
        Stock.move(ctx, e, p.required("movementId").asText(), sku, type, p.required("delta").asLong(),
                p.required("expectedVersion").asLong(), reference, p.required("at").asText());
        if (p.has("serials")) {
            SerialUnits.record(ctx, e, sku, p.get("serials"), type.equals("PURCHASE") ? SerialUnits.Kind.RECEIVED
                    : SerialUnits.Kind.WRITTEN_OFF, "stock:" + p.required("movementId").asText(), null, null);
        }
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), "stock." + type.toLowerCase(
                Locale.ROOT), "sku:" + sku, "delta=" + p.required("delta").asLong() + (p.hasNonNull("counted")
                ? " counted=" + p.get("counted").asLong() : "") + (p.hasNonNull("reason") ? " reason="
                + p.get("reason").asText() : ""));
    }
}

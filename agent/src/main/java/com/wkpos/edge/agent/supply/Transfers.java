package com.wkpos.edge.agent.supply;

import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.rule.Inputs;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.agent.stock.Stock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Stock transfers between branches, through HQ (ADR 013): the receiving branch's manager requests
 * goods, the sending branch's manager approves or rejects, ships (the stock leaves: TRANSFER_OUT) and,
 * once the goods arrived, closes; the receiving manager receives them (TRANSFER_IN), with a reason for
 * every line that differs from what was shipped. Each step is one journal entry on the box that made
 * it; the other branch learns it from HQ as a supply command ({@link SupplyInbox}). Status only moves
 * forward, and a step happens once per transfer.
 */
public final class Transfers {
    static final String REQUESTED = "transfer.requested";
    static final String APPROVED = "transfer.approved";
    static final String REJECTED = "transfer.rejected";
    static final String SHIPPED = "transfer.shipped";
    static final String RECEIVED = "transfer.received";
    static final String CLOSED = "transfer.closed";
    static final int MAX_LINES = 200;
    static final long MAX_QTY = 1_000_000;

    /** A transfer's status and how far along it is: a document never moves to a lower rank. */
    public enum Status {
        PENDING(0), APPROVED(1), REJECTED(1), SHIPPED(2), RECEIVED(3), PARTIALLY_RECEIVED(3), CLOSED(4);

        final int rank;

        Status(int rank) {
            this.rank = rank;
        }
    }

    /** A line as a screen sends it: a quantity requested, shipped or received, and why it differs. */
    public record LineRequest(String sku, Long qty, String reason) {
    }

    public record NewTransfer(String id, String from, List<LineRequest> lines, String note) {
    }

    /** A step's input: the reason of a rejection or closing, the lines shipped or received. */
    public record StepRequest(String reason, List<LineRequest> lines) {
    }

    public record Line(String sku, long requested, Long shipped, Long received, String reason) {
    }

    public record Step(String step, String branch, String actor, String at, String reason) {
    }

    /** @param side this branch's part: {@code sending}, {@code receiving}, or null while it does not sync */
    public record View(String id, String from, String to, String status, String note, String requestedBy,
                       String createdAt, String updatedAt, List<Line> lines, List<Step> steps, String side) {
        View withSide(Optional<String> self) {
            String s = self.map(b -> b.equals(from) ? "sending" : b.equals(to) ? "receiving" : null).orElse(null);
            return new View(id, from, to, status, note, requestedBy, createdAt, updatedAt, lines, steps, s);
        }
    }

    private final Journal journal;
    private final Clock clock;
    private final Events events;
    private final Supplier<Optional<String>> branch;
    private final java.util.function.Predicate<String> serialized;

    /**
     * @param branch     this box's branch code, empty while it does not sync with HQ
     * @param serialized whether a SKU is sold by serial number (such items do not travel by transfer yet)
     */
    public Transfers(Journal journal, Clock clock, Events events, Supplier<Optional<String>> branch,
                     java.util.function.Predicate<String> serialized) {
        this.journal = journal;
        this.clock = clock;
        this.events = events;
        this.branch = branch;
        this.serialized = serialized;
    }

    public static void register(Projections.Builder projections) {
        projections.on(REQUESTED, TransferProjection::requested)
                .on(APPROVED, (ctx, e, p) -> TransferProjection.step(ctx, e, p, "approved", Status.APPROVED))
                .on(REJECTED, (ctx, e, p) -> TransferProjection.step(ctx, e, p, "rejected", Status.REJECTED))
                .on(SHIPPED, TransferProjection::shipped)
                .on(RECEIVED, TransferProjection::received)
                .on(CLOSED, (ctx, e, p) -> TransferProjection.step(ctx, e, p, "closed", Status.CLOSED))
                .table("transfers", "id", "seq")
                .table("transfer_lines", "transfer_id, sku", "seq")
                .table("transfer_steps", "transfer_id, step", "seq");
    }

    /** The receiving branch (this one) asks {@code from} for goods. */
    public View request(NewTransfer r, StaffMember staff) {
        String self = self();
        manager(staff, "request a transfer");
        String from = Inputs.text(r.from(), "from", 64, true);
        if (!from.matches("[A-Za-z0-9_-]{1,64}")) {
            throw Inputs.invalid("from must be a branch code (letters, digits, '_' or '-'), was '" + from + "'");
        }
        if (from.equals(self)) {
            throw new Refused(Refused.Kind.UNPROCESSABLE, "transfer-to-itself", "branch " + self
                    + " cannot request a transfer from itself");
        }
        String note = Inputs.text(r.note(), "note", 500, false);
        String id = r.id() == null ? UuidV7.nextString(clock) : Inputs.uuid(r.id(), "id");
        Map<String, Long> lines = lines(r.lines(), true);
        return commit(id, tx -> {
            if (header(tx, id).isPresent()) {
                throw new Refused(Refused.Kind.CONFLICT, "transfer-exists", "transfer " + id + " exists already");
            }
            for (String sku : lines.keySet()) {
                Stock.level(tx, sku).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "unknown-product",
                        "no stock record for sku " + sku));
            }
            Map<String, Object> p = base(id, staff);
            p.put("from", from);
            p.put("to", self);
            p.put("note", note);
            p.put("lines", lines.entrySet().stream().map(l -> Map.of("sku", l.getKey(), "requested", l.getValue()))
                    .toList());
            tx.append(REQUESTED, p);
        });
    }

    public View approve(String id, StaffMember staff) {
        return simpleStep(id, staff, APPROVED, "approve", null);
    }

    public View reject(String id, StepRequest r, StaffMember staff) {
        return simpleStep(id, staff, REJECTED, "reject", Inputs.text(r == null ? null : r.reason(), "reason", 500, true));
    }

    public View close(String id, StepRequest r, StaffMember staff) {
        return simpleStep(id, staff, CLOSED, "close", Inputs.text(r == null ? null : r.reason(), "reason", 500, false));
    }

    /** The sending branch ships what was approved (each line at most what was requested; all by default). */
    public View ship(String id, StepRequest r, StaffMember staff) {
        String self = self();
        manager(staff, "ship a transfer");
        Map<String, Long> asked = r == null || r.lines() == null ? null : lines(r.lines(), false);
        return commit(id, tx -> {
            Header h = expect(tx, id, self, true, Status.APPROVED, "shipped");
            List<Line> current = lines(tx, id);
            Map<String, Long> shipped = new LinkedHashMap<>();
            for (Line l : current) {
                long qty = asked == null ? l.requested() : asked.getOrDefault(l.sku(), 0L);
                if (qty > l.requested()) {
                    throw Inputs.invalid("line " + l.sku() + ": cannot ship " + qty + ", " + l.requested()
                            + " were requested");
                }
                shipped.put(l.sku(), qty);
            }
            if (asked != null) {
                for (String sku : asked.keySet()) {
                    if (!shipped.containsKey(sku)) {
                        throw Inputs.invalid("sku " + sku + " is not on transfer " + id);
                    }
                }
            }
            if (shipped.values().stream().allMatch(q -> q == 0)) {
                throw Inputs.invalid("a shipment needs at least one line with qty > 0 (reject the transfer instead)");
            }
            Map<String, Object> p = base(id, staff);
            StockLines moved = StockLines.move(tx, shipped, -1, "TRANSFER_OUT", "transfer " + h.from() + "→" + h.to(),
                    serialized);
            p.put("lines", moved.lines("shipped"));
            p.put("stock", moved.stock());
            tx.append(SHIPPED, p);
            moved.announceLow(tx, events, "transfer:" + id);
        });
    }

    /** The receiving branch takes the goods in: what arrived per line (all that was shipped by default). */
    public View receive(String id, StepRequest r, StaffMember staff) {
        String self = self();
        manager(staff, "receive a transfer");
        List<LineRequest> given = r == null || r.lines() == null ? List.of() : r.lines();
        if (given.size() > MAX_LINES) {
            throw Inputs.invalid("at most " + MAX_LINES + " lines");
        }
        return commit(id, tx -> {
            Header h = expect(tx, id, self, false, Status.SHIPPED, "received");
            Map<String, Line> current = new LinkedHashMap<>();
            lines(tx, id).forEach(l -> current.put(l.sku(), l));
            Map<String, Long> received = new LinkedHashMap<>();
            Map<String, String> reasons = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (LineRequest l : given) {
                if (l == null) {
                    throw Inputs.invalid("a line is empty");
                }
                String sku = Inputs.text(l.sku(), "sku", 64, true);
                if (!seen.add(sku)) {
                    throw Inputs.invalid("sku " + sku + " appears twice");
                }
                Line line = current.get(sku);
                if (line == null) {
                    throw Inputs.invalid("sku " + sku + " is not on transfer " + id);
                }
                long qty = Inputs.quantity(l.qty(), "qty of " + sku, 0, MAX_QTY);
                String reason = Inputs.text(l.reason(), "reason of " + sku, 500, false);
                if (qty != shipped(line) && reason == null) {
                    throw new Refused(Refused.Kind.UNPROCESSABLE, "discrepancy-reason-required", "line " + sku
                            + ": " + qty + " received but " + shipped(line) + " shipped; give a reason for the difference");
                }
                received.put(sku, qty);
                if (reason != null) {
                    reasons.put(sku, reason);
                }
            }
            for (Line line : current.values()) {
                received.putIfAbsent(line.sku(), shipped(line));
            }
            boolean short_ = current.values().stream().anyMatch(l -> received.get(l.sku()) < shipped(l));
            Map<String, Object> p = base(id, staff);
            StockLines moved = StockLines.move(tx, received, 1, "TRANSFER_IN", "transfer " + h.from() + "→" + h.to(),
                    serialized);
            List<Map<String, Object>> out = moved.lines("received");
            out.forEach(m -> m.put("reason", reasons.get((String) m.get("sku"))));
            p.put("lines", out);
            p.put("status", (short_ ? Status.PARTIALLY_RECEIVED : Status.RECEIVED).name());
            p.put("stock", moved.stock());
            tx.append(RECEIVED, p);
        });
    }

    public Optional<View> find(String id) {
        Optional<String> self = branch.get();
        return SupplyReads.find(journal, Transfers::view, id).map(v -> v.withSide(self));
    }

    /** Transfers this branch takes part in, newest first, optionally of one status. */
    public List<View> list(String status, int limit) {
        Optional<String> self = branch.get();
        return SupplyReads.list(journal, Status.class, "transfers", "created_at DESC, id DESC", status, limit,
                (ctx, id) -> view(ctx, id).map(v -> v.withSide(self)));
    }

    private View simpleStep(String id, StaffMember staff, String type, String verb, String reason) {
        String self = self();
        manager(staff, verb + " a transfer");
        return commit(id, tx -> {
            switch (type) {
                case CLOSED -> {
                    Header h = expect(tx, id, self, true, null, "closed");
                    if (h.status() != Status.RECEIVED && h.status() != Status.PARTIALLY_RECEIVED) {
                        throw new Refused(Refused.Kind.CONFLICT, "transfer-not-received", "transfer " + id + " is "
                                + h.status() + "; it closes once the receiving branch received it");
                    }
                }
                default -> expect(tx, id, self, true, Status.PENDING, type.substring("transfer.".length()));
            }
            Map<String, Object> p = base(id, staff);
            p.put("reason", reason);
            tx.append(type, p);
        });
    }

    record Header(String id, String from, String to, Status status) {
    }

    /**
     * The transfer as this step needs it: this branch is the party that makes the step ({@code sender}:
     * the branch goods leave), the step was not made yet and the status is {@code wanted} (any when null).
     */
    private static Header expect(JournalTransaction tx, String id, String self, boolean sender, Status wanted,
                                 String step) throws SQLException {
        Header h = header(tx, id).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "unknown-transfer",
                "no transfer " + id));
        String party = sender ? h.from() : h.to();
        if (!party.equals(self)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-your-step", "the " + (sender ? "sending" : "receiving")
                    + " branch " + party + " makes the step '" + step + "' of transfer " + id + ", not " + self);
        }
        if (stepDone(tx, id, step)) {
            throw new Refused(Refused.Kind.CONFLICT, "step-done", "transfer " + id + " was " + step + " already");
        }
        if (wanted != null && h.status() != wanted) {
            throw new Refused(Refused.Kind.CONFLICT, "transfer-not-" + wanted.name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-'), "transfer " + id + " is " + h.status() + ", not " + wanted);
        }
        return h;
    }

    private String self() {
        return branch.get().orElseThrow(() -> new Refused(Refused.Kind.CONFLICT, "no-hq", "this box does not sync"
                + " with HQ: transfers go between branches through HQ (configure --broker/--branch or provision it)"));
    }

    private static void manager(StaffMember staff, String what) {
        if (!staff.role().approves()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "manager-required", staff.name() + " (" + staff.role()
                    + ") may not " + what + "; a manager must log in");
        }
    }

    private Map<String, Object> base(String id, StaffMember staff) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("transferId", id);
        p.put("actor", staff.actor());
        p.put("at", clock.instant().toString());
        return p;
    }

    /** The lines of a request or a shipment: each SKU once, quantities 1..MAX (0 allowed when shipping). */
    private static Map<String, Long> lines(List<LineRequest> given, boolean request) {
        if (given == null || given.isEmpty()) {
            throw Inputs.invalid("lines must name at least one sku");
        }
        if (given.size() > MAX_LINES) {
            throw Inputs.invalid("at most " + MAX_LINES + " lines");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (LineRequest l : given) {
            if (l == null) {
                throw Inputs.invalid("a line is empty");
            }
            String sku = Inputs.text(l.sku(), "sku", 64, true);
            long qty = Inputs.quantity(l.qty(), "qty of " + sku, request ? 1 : 0, MAX_QTY);
            if (out.put(sku, qty) != null) {
                throw Inputs.invalid("sku " + sku + " appears twice");
            }
        }
        return out;
    }

    private static long shipped(Line l) {
        return l.shipped() == null ? 0 : l.shipped();
    }

    private View commit(String id, SupplyWrite write) {
        SupplyWrite.run(journal, tx -> {
            write.apply(tx);
            tx.afterCommit(() -> events.publish("transfer.updated", Map.of("id", id)));
        });
        return find(id).orElseThrow();
    }

    // ---- reads ----

    static Optional<Header> header(ProjectionContext ctx, String id) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT id, from_branch, to_branch, status FROM transfers WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Header(rs.getString(1), rs.getString(2), rs.getString(3),
                    Status.valueOf(rs.getString(4)))) : Optional.empty();
        }
    }

    private static boolean stepDone(ProjectionContext ctx, String id, String step) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT 1 FROM transfer_steps WHERE transfer_id = ? AND step = ?");
        ps.setString(1, id);
        ps.setString(2, step);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static List<Line> lines(ProjectionContext ctx, String id) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT sku, requested, shipped, received, reason FROM transfer_lines"
                + " WHERE transfer_id = ? ORDER BY sku");
        ps.setString(1, id);
        return lines(ps);
    }

    private static List<Line> lines(PreparedStatement ps) throws SQLException {
        List<Line> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Line(rs.getString(1), rs.getLong(2), nullable(rs, 3), nullable(rs, 4), rs.getString(5)));
            }
        }
        return out;
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Optional<View> view(ProjectionContext ctx, String id) throws SQLException {
        PreparedStatement h = ctx.statement("SELECT id, from_branch, to_branch, status, note, requested_by,"
                + " created_at, updated_at FROM transfers WHERE id = ?");
        h.setString(1, id);
        String[] head;
        try (ResultSet rs = h.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            head = new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8)};
        }
        PreparedStatement s = ctx.statement("SELECT step, branch, actor, at, reason FROM transfer_steps"
                + " WHERE transfer_id = ? ORDER BY seq, at");
        s.setString(1, id);
        List<Step> steps = new ArrayList<>();
        try (ResultSet sr = s.executeQuery()) {
            while (sr.next()) {
                steps.add(new Step(sr.getString(1), sr.getString(2), sr.getString(3), sr.getString(4), sr.getString(5)));
            }
        }
        return Optional.of(new View(head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7],
                lines(ctx, id), steps, null));
    }
}

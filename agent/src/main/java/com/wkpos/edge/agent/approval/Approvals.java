package com.wkpos.edge.agent.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.Staff;
import com.wkpos.edge.agent.staff.StaffMember;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manager approvals: thresholds decide which actions need one; a manager grants it with a PIN at the
 * same screen, or remotely (a request goes to every screen over {@code /api/v1/events}, a manager
 * approves or rejects it with a reason from another screen). Nobody approves their own request. Every
 * request, grant, rejection and use is journaled and audited; a remote approval is used once. Thread-safe.
 */
public final class Approvals {
    static final String REQUESTED = "approval.requested";
    static final String APPROVED = "approval.approved";
    static final String REJECTED = "approval.rejected";
    static final String USED = "approval.used";
    static final String GRANTED = "approval.granted";

    /** An approval as screens see it. */
    public record View(String id, String action, String subject, long amount, String requestedBy, String status,
                       String decidedBy, String reason) {
    }

    private final ApprovalPolicy policy;
    private final Staff staff;
    private final Journal journal;
    private final Events events;
    private final Clock clock;

    public Approvals(ApprovalPolicy policy, Staff staff, Journal journal, Events events, Clock clock) {
        this.policy = policy;
        this.staff = staff;
        this.journal = journal;
        this.events = events;
        this.clock = clock;
    }

    public static void register(Projections.Builder projections) {
        projections.on(REQUESTED, (ctx, e, p) -> insert(ctx, e, p, "REQUESTED"))
                .on(GRANTED, (ctx, e, p) -> insert(ctx, e, p, "USED"))
                .on(APPROVED, (ctx, e, p) -> update(ctx, e, p, "REQUESTED", "APPROVED"))
                .on(REJECTED, (ctx, e, p) -> update(ctx, e, p, "REQUESTED", "REJECTED"))
                .on(USED, (ctx, e, p) -> update(ctx, e, p, "APPROVED", "USED"))
                .table("approvals", "id", "seq");
    }

    public ApprovalPolicy policy() {
        return policy;
    }

    /**
     * Checks the approval an action needs, off the journal writer (a PIN check is slow).
     *
     * @return empty when the action needs none
     * @throws Refused 403 when it needs one that was not given, is not a manager's, or is the requester's own
     */
    public Optional<Grant> check(Action action, long amount, String requesterActor, ApprovalInput input, String origin) {
        if (!policy.needs(action, amount)) {
            return Optional.empty();
        }
        if (input == null || (input.approvalId() == null && input.managerId() == null)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "approval-required", action + " of " + amount
                    + " needs a manager's approval: send approval.managerId and approval.managerPin, or request one"
                    + " with POST /api/v1/approvals and send its approval.approvalId once granted",
                    needed(Map.of(action, amount)));
        }
        if (input.approvalId() != null) {
            return Optional.of(remote(input.approvalId(), action, amount, requesterActor));
        }
        StaffMember manager = staff.checkPin(input.managerId(), input.managerPin(), "approval", origin);
        requireApprover(manager, requesterActor);
        return Optional.of(new Grant(UuidV7.nextString(clock), manager.id(), action, amount, true));
    }

    /**
     * The grants of a request that needs several approvals at once (a sale above the limit with a big
     * discount and a price override): one manager PIN covers them all (checked once), or one remote
     * approval per action. The caller decided which actions need one.
     *
     * @throws Refused 403 when one is missing, not a manager's, or the requester's own
     */
    public List<Grant> checkAll(Map<Action, Long> needs, String requesterActor, ApprovalInput input, String origin) {
        if (needs.isEmpty()) {
            return List.of();
        }
        if (input == null || (input.remoteIds().isEmpty() && input.managerId() == null)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "approval-required", needs + " need a manager's approval: send"
                    + " approval.managerId and approval.managerPin, or request one per action with POST"
                    + " /api/v1/approvals and send their ids as approval.approvalIds once granted", needed(needs));
        }
        List<Grant> grants = new ArrayList<>();
        if (input.managerId() != null) {
            StaffMember manager = staff.checkPin(input.managerId(), input.managerPin(), "approval", origin);
            requireApprover(manager, requesterActor);
            needs.forEach((action, amount) -> grants.add(new Grant(UuidV7.nextString(clock), manager.id(), action,
                    amount, true)));
            return grants;
        }
        for (Map.Entry<Action, Long> need : needs.entrySet()) {
            String id = input.remoteIds().stream().filter(i -> find(i).map(v -> v.action().equals(need.getKey().name()))
                    .orElse(false)).findFirst().orElseThrow(() -> new Refused(Refused.Kind.FORBIDDEN,
                    "approval-required", need.getKey() + " of " + need.getValue() + " needs a manager's approval;"
                    + " none of approvals " + input.remoteIds() + " is for " + need.getKey()));
            grants.add(remote(id, need.getKey(), need.getValue(), requesterActor));
        }
        return grants;
    }

    /** The problem's {@code approvalsNeeded}: each action with its amount, in the order asked. */
    private static Map<String, Object> needed(Map<Action, Long> needs) {
        List<Map<String, Object>> out = new ArrayList<>();
        needs.forEach((action, amount) -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("action", action.name());
            one.put("amount", amount);
            out.add(one);
        });
        return Map.of("approvalsNeeded", out);
    }

    private Grant remote(String approvalId, Action action, long amount, String requesterActor) {
        View v = find(approvalId).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "not-found",
                "no approval with id " + approvalId));
        if (!v.status().equals("APPROVED") || !v.action().equals(action.name()) || v.amount() < amount
                || !v.requestedBy().equals(requesterActor)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "approval-not-valid", "approval " + v.id() + " is "
                    + v.status() + " for " + v.action() + " of " + v.amount() + " requested by " + v.requestedBy()
                    + "; it does not cover " + action + " of " + amount + " by " + requesterActor);
        }
        return new Grant(v.id(), v.decidedBy(), action, amount, false);
    }

    /**
     * Journals a grant in the transaction of the action it allows: an inline approval as granted, a
     * remote one as used (refused if someone used it meanwhile).
     */
    public static void apply(JournalTransaction tx, Grant grant, String subject, String requesterActor)
            throws SQLException {
        String at = tx.clock().instant().toString();
        if (grant.inline()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("approvalId", grant.approvalId());
            p.put("action", grant.action().name());
            p.put("subject", subject);
            p.put("amount", grant.amount());
            p.put("requestedBy", requesterActor);
            p.put("decidedBy", "staff:" + grant.managerId());
            p.put("at", at);
            tx.append(GRANTED, p);
            return;
        }
        PreparedStatement ps = tx.statement("SELECT status FROM approvals WHERE id = ?");
        ps.setString(1, grant.approvalId());
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || !rs.getString(1).equals("APPROVED")) {
                throw new Refused(Refused.Kind.CONFLICT, "approval-not-valid", "approval " + grant.approvalId()
                        + " was used or withdrawn meanwhile");
            }
        }
        tx.append(USED, Map.of("approvalId", grant.approvalId(), "subject", subject, "by", requesterActor, "at", at));
    }

    /** A cashier asks for a remote approval; every screen hears {@code approval.requested}. */
    public View request(Action action, String subject, long amount, String reason, StaffMember requester) {
        if (amount < 0 || amount > com.wkpos.edge.agent.sale.SaleSettings.MAX_AMOUNT) {
            throw Refused.invalid("amount must be 0.." + com.wkpos.edge.agent.sale.SaleSettings.MAX_AMOUNT
                    + " minor units, was " + amount);
        }
        if ((subject != null && subject.length() > 200) || (reason != null && reason.length() > 500)) {
            throw Refused.invalid("subject is at most 200 characters and reason at most 500");
        }
        String id = UuidV7.nextString(clock);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("approvalId", id);
        p.put("action", action.name());
        p.put("subject", subject == null ? "" : subject);
        p.put("amount", amount);
        p.put("requestedBy", requester.actor());
        p.put("reason", reason == null ? "" : reason);
        p.put("at", clock.instant().toString());
        journal.submit(tx -> {
            tx.append(REQUESTED, p);
            tx.afterCommit(() -> events.publish("approval.requested", p));
            return null;
        }).join();
        return find(id).orElseThrow();
    }

    /** A manager approves or rejects (a rejection needs a reason); every screen hears {@code approval.decided}. */
    public View decide(String id, StaffMember manager, boolean approve, String reason) {
        if (!approve && (reason == null || reason.isBlank())) {
            throw Refused.invalid("a rejection needs a reason");
        }
        if (reason != null && reason.length() > 500) {
            throw Refused.invalid("reason is at most 500 characters");
        }
        View v = find(id).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "not-found", "no approval with id " + id));
        requireApprover(manager, v.requestedBy());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("approvalId", id);
        p.put("by", manager.actor());
        p.put("reason", reason == null ? "" : reason);
        p.put("at", clock.instant().toString());
        try {
            journal.submit(tx -> {
                tx.append(approve ? APPROVED : REJECTED, p);
                tx.afterCommit(() -> events.publish("approval.decided", Map.of("approvalId", id,
                        "status", approve ? "APPROVED" : "REJECTED", "by", manager.actor(), "reason", p.get("reason"))));
                return null;
            }).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return find(id).orElseThrow();
    }

    public Optional<View> find(String id) {
        return journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, action, subject, amount, requested_by, status,"
                    + " decided_by, reason FROM approvals WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new View(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                            : Optional.empty();
                }
            }
        });
    }

    private static void requireApprover(StaffMember manager, String requesterActor) {
        if (!manager.role().approves()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-a-manager", manager.id() + " is a " + manager.role()
                    + "; only a manager or admin approves");
        }
        if (manager.actor().equals(requesterActor)) {
            throw new Refused(Refused.Kind.FORBIDDEN, "own-approval", manager.id()
                    + " cannot approve their own request; another manager must");
        }
    }

    private static void insert(ProjectionContext ctx, JournalEntry e, JsonNode p, String status) throws SQLException {
        PreparedStatement ps = ctx.statement("INSERT INTO approvals (id, seq, action, subject, amount, requested_by,"
                + " status, decided_by, reason, requested_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String at = p.required("at").asText();
        boolean granted = status.equals("USED");
        ps.setString(1, p.required("approvalId").asText());
        ps.setLong(2, e.seq());
        ps.setString(3, p.required("action").asText());
        ps.setString(4, p.required("subject").asText());
        ps.setLong(5, p.required("amount").asLong());
        ps.setString(6, p.required("requestedBy").asText());
        ps.setString(7, status);
        ps.setString(8, granted ? p.required("decidedBy").asText() : null);
        ps.setString(9, granted ? "PIN at the screen" : p.required("reason").asText());
        ps.setString(10, at);
        ps.setString(11, granted ? at : null);
        ps.executeUpdate();
        Audit.record(ctx, e, at, granted ? p.required("decidedBy").asText() : p.required("requestedBy").asText(),
                granted ? "approval.grant" : "approval.request", "approval:" + p.required("approvalId").asText(),
                p.required("action").asText() + " " + p.required("amount").asLong() + " " + p.required("subject").asText());
    }

    private static void update(ProjectionContext ctx, JournalEntry e, JsonNode p, String from, String to)
            throws SQLException {
        boolean decision = !to.equals("USED");
        PreparedStatement ps = ctx.statement(decision
                ? "UPDATE approvals SET status = ?, seq = ?, decided_by = ?, reason = ?, decided_at = ? WHERE id = ? AND status = ?"
                : "UPDATE approvals SET status = ?, seq = ?, subject = ? WHERE id = ? AND status = ?");
        String id = p.required("approvalId").asText();
        ps.setString(1, to);
        ps.setLong(2, e.seq());
        if (decision) {
            ps.setString(3, p.required("by").asText());
            ps.setString(4, p.required("reason").asText());
            ps.setString(5, p.required("at").asText());
            ps.setString(6, id);
            ps.setString(7, from);
        } else {
            ps.setString(3, p.required("subject").asText());
            ps.setString(4, id);
            ps.setString(5, from);
        }
        if (ps.executeUpdate() != 1) {
            throw new Refused(Refused.Kind.CONFLICT, "approval-not-valid", "approval " + id + " is not " + from);
        }
        Audit.record(ctx, e, p.required("at").asText(), p.required("by").asText(), "approval." + to.toLowerCase(
                java.util.Locale.ROOT), "approval:" + id, decision ? p.required("reason").asText() : p.required("subject").asText());
    }
}

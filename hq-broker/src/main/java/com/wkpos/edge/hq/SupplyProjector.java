package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SupplyCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The boxes' supply entries (ADR 013), projected in the ingest transaction: each transfer step is stored once
 * and told, as a supply command, to the party that did not make it; a purchase-order receipt is stored once
 * and adds its goods; {@code supply.applied} records how far a branch applied HQ's commands. A step made by a
 * branch that has no say in it raises {@code supply-step-refused}, a payload HQ cannot read
 * {@code supply-malformed}; both change nothing and ingest goes on. A request naming a branch HQ does not
 * know, or the requester itself, is stored and rejected by HQ, and only the requester hears of it.
 */
final class SupplyProjector {
    static final String APPLIED = "supply.applied";
    static final String PO_RECEIVED = "po.received";
    /** The actor of the steps HQ makes on its own. */
    static final String HQ_ACTOR = "hq";
    private static final Map<String, String> STEPS = Map.of("transfer.requested", "requested",
            "transfer.approved", "approved", "transfer.rejected", "rejected", "transfer.shipped", "shipped",
            "transfer.received", "received", "transfer.closed", "closed");
    private static final Set<String> RECEIVED = Set.of(Transfers.Status.RECEIVED.name(),
            Transfers.Status.PARTIALLY_RECEIVED.name());

    /** Where an entry came from. */
    private record Source(String now, String tenant, String branch, String device, long seq) {
    }

    /** A line of a supply payload: {@code qty} is the step's own field ({@code requested}, {@code shipped}, …). */
    record Line(String sku, long qty, String reason) {
    }

    /** What is wrong with a payload; never leaves this class. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private SupplyProjector() {
    }

    /**
     * Projects the entry if {@code type} is a supply entry; anything else is left alone.
     *
     * @param out collects the supply commands made, to be published after the commit
     */
    static void project(Connection c, String now, String tenant, String branch, String device, long seq, String type,
                        JsonNode p, List<SupplyCommand> out) throws SQLException {
        String step = STEPS.get(type);
        if (step == null && !APPLIED.equals(type) && !PO_RECEIVED.equals(type)) {
            return;
        }
        Source src = new Source(now, tenant, branch, device, seq);
        try {
            if (p == null || !p.isObject()) {
                throw new Malformed("payload is not a JSON object");
            }
            if (APPLIED.equals(type)) {
                long cmdSeq = number(p, "cmdSeq");
                if (cmdSeq < 1) {
                    throw new Malformed("cmdSeq must be >= 1, was " + cmdSeq);
                }
                SupplyOutbox.reported(c, now, tenant, branch, device, seq, cmdSeq);
                SupplyOutbox.applied(c, tenant, branch, cmdSeq);
            } else if (PO_RECEIVED.equals(type)) {
                poReceived(c, src, p);
            } else if (step.equals("requested")) {
                requested(c, src, p, out);
            } else {
                step(c, src, step, p, out);
            }
        } catch (Malformed e) {
            Alarms.raise(c, now, "supply-malformed", tenant, branch, device, seq, type + " not applied: " + e.getMessage());
        }
    }

    private static void requested(Connection c, Source src, JsonNode p, List<SupplyCommand> out)
            throws SQLException, Malformed {
        String id = text(p, "transferId");
        String from = text(p, "from");
        String to = text(p, "to");
        String note = optionalText(p, "note");
        List<Line> lines = lines(p, "requested", false);
        if (lines.isEmpty()) {
            throw new Malformed("lines must not be empty");
        }
        Transfers.Step step = step(src, "requested", p);
        if (!to.equals(src.branch())) {
            refuse(c, src, "transfer " + id + " requested by branch " + src.branch() + " for branch " + to);
            return;
        }
        Optional<Transfers.Header> known = Transfers.header(c, src.tenant(), id);
        if (known.isPresent()) {
            // replayed, or an id already taken: the first request stands, and a different one is an alarm
            if (!known.get().from().equals(from) || !known.get().to().equals(to)) {
                Alarms.raise(c, src.now(), "supply-id-conflict", src.tenant(), src.branch(), src.device(), src.seq(),
                        "transfer " + id + " " + from + "→" + to + " has the id of " + known.get().from() + "→"
                                + known.get().to() + "; the first stands");
            }
            return;
        }
        Transfers.create(c, src.now(), src.tenant(), id, from, to, note, src.branch(),
                lines.stream().map(l -> new Transfers.Request(l.sku(), l.qty())).toList());
        Transfers.step(c, src.tenant(), id, step);
        String refusal = from.equals(to) ? "transfer to itself"
                : SupplyOutbox.knownBranch(c, src.tenant(), from) ? null : "unknown branch " + from;
        if (refusal == null) {
            out.addAll(Transfers.announce(c, src.now(), src.tenant(), id, Transfers.Status.PENDING, step, List.of(from)));
            return;
        }
        Transfers.Step rejected = new Transfers.Step("rejected", Transfers.HQ, null, null, HQ_ACTOR, src.now(), refusal);
        Transfers.step(c, src.tenant(), id, rejected);
        out.addAll(Transfers.announce(c, src.now(), src.tenant(), id, Transfers.Status.REJECTED, rejected, List.of(to)));
    }

    private static void step(Connection c, Source src, String name, JsonNode p, List<SupplyCommand> out)
            throws SQLException, Malformed {
        String id = text(p, "transferId");
        Transfers.Step step = step(src, name, p);
        List<Line> lines = switch (name) {
            case "shipped" -> lines(p, "shipped", false);
            case "received" -> lines(p, "received", true);
            default -> List.of();
        };
        Transfers.Status status = switch (name) {
            case "approved" -> Transfers.Status.APPROVED;
            case "rejected" -> Transfers.Status.REJECTED;
            case "shipped" -> Transfers.Status.SHIPPED;
            case "received" -> {
                String s = text(p, "status");
                if (!RECEIVED.contains(s)) {
                    throw new Malformed("status must be RECEIVED or PARTIALLY_RECEIVED, was " + s);
                }
                yield Transfers.Status.valueOf(s);
            }
            default -> Transfers.Status.CLOSED;
        };
        var header = Transfers.header(c, src.tenant(), id);
        if (header.isEmpty()) {
            refuse(c, src, name + " of unknown transfer " + id);
            return;
        }
        Transfers.Header h = header.get();
        String allowed = name.equals("received") ? h.to() : h.from();
        if (!src.branch().equals(allowed)) {
            refuse(c, src, "transfer " + id + " " + name + " by branch " + src.branch() + "; only " + allowed + " may");
            return;
        }
        if (!Transfers.step(c, src.tenant(), id, step)) {
            return; // the transfer has this step already
        }
        for (Line l : lines) {
            if (name.equals("shipped")) {
                Transfers.shipped(c, src.tenant(), id, l.sku(), l.qty());
            } else {
                Transfers.received(c, src.tenant(), id, l.sku(), l.qty(), l.reason());
            }
        }
        String other = src.branch().equals(h.from()) ? h.to() : h.from();
        out.addAll(Transfers.announce(c, src.now(), src.tenant(), id, status, step, List.of(other)));
    }

    private static void poReceived(Connection c, Source src, JsonNode p) throws SQLException, Malformed {
        String poId = text(p, "poId");
        String receiptId = text(p, "receiptId");
        List<Line> lines = lines(p, "qty", true);
        String s = text(p, "status");
        if (!Set.of(PurchaseOrders.Status.RECEIVED.name(), PurchaseOrders.Status.PARTIALLY_RECEIVED.name()).contains(s)) {
            throw new Malformed("status must be RECEIVED or PARTIALLY_RECEIVED, was " + s);
        }
        String actor = optionalText(p, "actor");
        String at = at(src, p);
        var header = PurchaseOrders.header(c, src.tenant(), poId);
        if (header.isEmpty()) {
            refuse(c, src, "receipt " + receiptId + " against unknown purchase order " + poId);
            return;
        }
        PurchaseOrders.Header h = header.get();
        if (!src.branch().equals(h.branch()) || h.status() == PurchaseOrders.Status.DRAFT) {
            refuse(c, src, "receipt " + receiptId + " by branch " + src.branch() + " against purchase order " + poId
                    + " of branch " + h.branch() + " (" + h.status() + ")");
            return;
        }
        PurchaseOrders.receipt(c, src.now(), src.tenant(), h, receiptId, src.device(), src.seq(),
                lines.stream().map(l -> new PurchaseOrders.Received(l.sku(), l.qty(), l.reason())).toList(),
                PurchaseOrders.Status.valueOf(s), actor, at);
    }

    private static void refuse(Connection c, Source src, String detail) throws SQLException {
        Alarms.raise(c, src.now(), "supply-step-refused", src.tenant(), src.branch(), src.device(), src.seq(),
                detail + "; nothing changed");
    }

    private static Transfers.Step step(Source src, String name, JsonNode p) throws Malformed {
        return new Transfers.Step(name, src.branch(), src.device(), src.seq(), optionalText(p, "actor"), at(src, p),
                optionalText(p, "reason"));
    }

    /** The step's time as the box wrote it; HQ's clock when the box wrote none. */
    private static String at(Source src, JsonNode p) throws Malformed {
        String at = optionalText(p, "at");
        if (at == null) {
            return src.now();
        }
        try {
            Instant.parse(at);
            return at;
        } catch (DateTimeParseException e) {
            throw new Malformed("at must be an instant, was " + at);
        }
    }

    /** The payload's {@code lines}: each a distinct SKU with a whole {@code qtyField} of at least 0. */
    private static List<Line> lines(JsonNode p, String qtyField, boolean withReason) throws Malformed {
        JsonNode lines = p.get("lines");
        if (lines == null || !lines.isArray()) {
            throw new Malformed("lines must be an array, was " + lines);
        }
        List<Line> out = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (JsonNode l : lines) {
            if (!l.isObject()) {
                throw new Malformed("a line must be an object, was " + l);
            }
            String sku = text(l, "sku");
            long qty = number(l, qtyField);
            if (qty < 0) {
                throw new Malformed("line " + sku + ": " + qtyField + " must not be negative, was " + qty);
            }
            if (!skus.add(sku)) {
                throw new Malformed("sku " + sku + " is on two lines");
            }
            out.add(new Line(sku, qty, withReason ? optionalText(l, "reason") : null));
        }
        return out;
    }

    private static String text(JsonNode p, String field) throws Malformed {
        JsonNode v = p.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new Malformed(field + " must be a non-empty string, was " + v);
        }
        return v.asText();
    }

    private static String optionalText(JsonNode p, String field) throws Malformed {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Malformed(field + " must be a string or null, was " + v);
        }
        return v.asText();
    }

    private static long number(JsonNode p, String field) throws Malformed {
        JsonNode v = p.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Malformed(field + " must be a whole number, was " + v);
        }
        return v.asLong();
    }
}

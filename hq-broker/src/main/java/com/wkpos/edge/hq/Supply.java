package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.SupplyCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What an operator does with transfers and purchase orders at HQ (ADR 013): each action is one transaction
 * that changes the document and makes its supply commands, which are published only after it committed.
 * Refusals are {@link HqApiException}s (404 unknown document, 409 wrong status, 422 unknown branch) thrown
 * before anything is stored. Thread-safe: the store serialises the transactions.
 */
final class Supply {
    private final HqDatabase db;
    private final Clock clock;
    private final Consumer<List<SupplyCommand>> publisher;

    /** @param publisher sends commands to their branches; called after the commit, never inside it */
    Supply(HqDatabase db, Clock clock, Consumer<List<SupplyCommand>> publisher) {
        this.db = db;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** A work that also makes commands. */
    @FunctionalInterface
    private interface Action {
        Map<String, Object> run(Connection c, String now, List<SupplyCommand> made) throws SQLException;
    }

    private Map<String, Object> act(Action action) {
        List<SupplyCommand> made = new ArrayList<>();
        Map<String, Object> result = db.inTransaction(c -> {
            made.clear();
            return action.run(c, clock.instant().toString(), made);
        });
        publisher.accept(List.copyOf(made));
        return result;
    }

    /** HQ requests a transfer: PENDING, step {@code requested} by HQ, told to both branches. */
    Map<String, Object> createTransfer(String tenant, String from, String to, List<Transfers.Request> lines, String note) {
        if (from.equals(to)) {
            throw new HqApiException(422, "same-branch", "a transfer needs two branches; from and to are both " + from);
        }
        return act((c, now, made) -> {
            requireKnown(c, tenant, from);
            requireKnown(c, tenant, to);
            String id = UUID.randomUUID().toString();
            Transfers.create(c, now, tenant, id, from, to, note, Transfers.HQ, lines);
            Transfers.Step step = hqStep("requested", now, null);
            Transfers.step(c, tenant, id, step);
            made.addAll(Transfers.announce(c, now, tenant, id, Transfers.Status.PENDING, step, List.of(from, to)));
            return Transfers.show(c, tenant, id).orElseThrow();
        });
    }

    /**
     * HQ closes a received transfer (step {@code closed} by HQ, told to both branches). Closing a CLOSED one
     * again answers it unchanged and sends nothing; any other status is a 409.
     */
    Map<String, Object> closeTransfer(String tenant, String id, String reason) {
        return act((c, now, made) -> {
            Transfers.Header h = Transfers.header(c, tenant, id).orElseThrow(() -> notFound("transfer", id, tenant));
            if (h.status() == Transfers.Status.CLOSED) {
                return Transfers.show(c, tenant, id).orElseThrow();
            }
            if (h.status() != Transfers.Status.RECEIVED && h.status() != Transfers.Status.PARTIALLY_RECEIVED) {
                throw new HqApiException(409, "transfer-not-received", "transfer " + id + " is " + h.status()
                        + "; only a RECEIVED or PARTIALLY_RECEIVED one can be closed");
            }
            Transfers.Step step = hqStep("closed", now, reason);
            if (Transfers.step(c, tenant, id, step)) {
                made.addAll(Transfers.announce(c, now, tenant, id, Transfers.Status.CLOSED, step, List.of(h.from(), h.to())));
            }
            return Transfers.show(c, tenant, id).orElseThrow();
        });
    }

    List<Map<String, Object>> transfers(String tenant, String branch, String status) {
        return db.inTransaction(c -> Transfers.list(c, tenant, branch, status));
    }

    Map<String, Object> transfer(String tenant, String id) {
        return db.inTransaction(c -> Transfers.show(c, tenant, id).orElseThrow(() -> notFound("transfer", id, tenant)));
    }

    /** A new purchase order for a known branch, DRAFT until sent; nothing goes to the branch yet. */
    Map<String, Object> createPurchaseOrder(String tenant, String branch, String supplier, List<Transfers.Request> lines,
                                            String note) {
        return act((c, now, made) -> {
            requireKnown(c, tenant, branch);
            String id = UUID.randomUUID().toString();
            PurchaseOrders.create(c, now, tenant, id, branch, supplier, note, lines);
            return PurchaseOrders.show(c, tenant, id).orElseThrow();
        });
    }

    /** Sends a DRAFT to its branch (SENT, one command); any other status is a 409. */
    Map<String, Object> sendPurchaseOrder(String tenant, String id) {
        return act((c, now, made) -> {
            PurchaseOrders.Header h = PurchaseOrders.header(c, tenant, id).orElseThrow(() ->
                    notFound("purchase order", id, tenant));
            if (h.status() != PurchaseOrders.Status.DRAFT) {
                throw new HqApiException(409, "po-not-draft", "purchase order " + id + " is " + h.status()
                        + "; only a DRAFT is sent");
            }
            made.add(PurchaseOrders.decide(c, now, tenant, h, PurchaseOrders.Status.SENT, null));
            return PurchaseOrders.show(c, tenant, id).orElseThrow();
        });
    }

    /**
     * Closes a sent order short (CLOSED, one command to its branch). A CLOSED one answers unchanged; a DRAFT
     * (never sent: there is nothing at the branch to close) and a RECEIVED one (nothing short) are 409s.
     */
    Map<String, Object> closePurchaseOrder(String tenant, String id, String reason) {
        return act((c, now, made) -> {
            PurchaseOrders.Header h = PurchaseOrders.header(c, tenant, id).orElseThrow(() ->
                    notFound("purchase order", id, tenant));
            switch (h.status()) {
                case CLOSED -> {
                    return PurchaseOrders.show(c, tenant, id).orElseThrow();
                }
                case DRAFT, RECEIVED -> throw new HqApiException(409, "po-not-open", "purchase order " + id + " is "
                        + h.status() + "; only a SENT or PARTIALLY_RECEIVED one is closed");
                default -> made.add(PurchaseOrders.decide(c, now, tenant, h, PurchaseOrders.Status.CLOSED, reason));
            }
            return PurchaseOrders.show(c, tenant, id).orElseThrow();
        });
    }

    List<Map<String, Object>> purchaseOrders(String tenant, String branch, String status) {
        return db.inTransaction(c -> PurchaseOrders.list(c, tenant, branch, status));
    }

    Map<String, Object> purchaseOrder(String tenant, String id) {
        return db.inTransaction(c -> PurchaseOrders.show(c, tenant, id).orElseThrow(() ->
                notFound("purchase order", id, tenant)));
    }

    private static Transfers.Step hqStep(String name, String now, String reason) {
        return new Transfers.Step(name, Transfers.HQ, null, null, SupplyProjector.HQ_ACTOR, now, reason);
    }

    private static void requireKnown(Connection c, String tenant, String branch) throws SQLException {
        if (!SupplyOutbox.knownBranch(c, tenant, branch)) {
            throw new HqApiException(422, "unknown-branch", "tenant " + tenant + " has no branch " + branch
                    + " (no box of it has uploaded or enrolled)");
        }
    }

    private static HqApiException notFound(String what, String id, String tenant) {
        return new HqApiException(404, "not-found", "no " + what + " " + id + " in tenant " + tenant);
    }
}

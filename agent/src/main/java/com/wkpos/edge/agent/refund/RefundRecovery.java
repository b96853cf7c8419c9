package com.wkpos.edge.agent.refund;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.rule.Refused;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import org.tinylog.Logger;

/**
 * Start-up recovery of card refunds nothing used: the customer already has the money back, so the refund
 * or void it was for is committed under its own Idempotency-Key (a later retry with that key returns it),
 * checked against the sale as it is now. Where the rules no longer allow it (the sale was voided since,
 * its day closed, …) a manager is alerted instead: taking money back from a customer is never automatic.
 */
final class RefundRecovery {
    private final Journal journal;
    private final CardRefunds cards;
    private final Refunds.Rules rules;

    RefundRecovery(Journal journal, CardRefunds cards, Refunds.Rules rules) {
        this.journal = journal;
        this.cards = cards;
        this.rules = rules;
    }

    /** What a card refund's entry records of the refund or void it pays for (everything but the card). */
    static Map<String, Object> request(RefundCommand.Ask ask) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("saleId", ask.saleId());
        r.put("void", ask.isVoid());
        List<Map<String, Long>> lines = new ArrayList<>();
        ask.lines().forEach((lineNo, qty) -> lines.add(Map.of("lineNo", (long) lineNo, "qty", qty)));
        r.put("lines", lines);
        r.put("method", ask.method());
        r.put("customerId", ask.customerId());
        r.put("reason", ask.reason());
        r.put("actor", ask.actor());
        r.put("staffId", ask.staffId());
        r.put("amount", ask.amount());
        r.put("grant", ask.grant().map(g -> Map.of("approvalId", g.approvalId(), "managerId", g.managerId(),
                "action", g.action().name(), "amount", g.amount(), "inline", g.inline())).orElse(null));
        return r;
    }

    int run() {
        List<CardRefunds.Unused> unused = cards.unusedForRecovery();
        int completed = 0;
        for (CardRefunds.Unused u : unused) {
            if (complete(u)) {
                completed++;
            }
        }
        if (!unused.isEmpty()) {
            Logger.info("card refund recovery: {} of {} unused card refunds completed", completed, unused.size());
        }
        return completed;
    }

    private boolean complete(CardRefunds.Unused u) {
        if (u.request().isEmpty()) {
            cards.alertUnmatched(u, "the entry does not say which refund it was for (written by an older version)");
            return false;
        }
        try {
            journal.submit(new RefundCommand(ask(u.request().get(), u.key(), u.card()), rules)).join();
        } catch (IllegalArgumentException unreadable) {
            cards.alertUnmatched(u, "the refund it was for cannot be read: " + unreadable.getMessage());
            return false;
        } catch (CompletionException e) {
            if (e.getCause() instanceof Refused refused) {
                cards.alertUnmatched(u, refused.getMessage());
                return false;
            }
            // the journal itself failed: nothing was decided, the next start tries again
            Logger.warn(e.getCause(), "card refund {} not completed; tried again at the next start", u.card().id());
            return false;
        }
        if (cards.unusedForRecovery().stream().anyMatch(o -> o.card().id().equals(u.card().id()))) {
            cards.alertUnmatched(u, "Idempotency-Key " + u.key() + " already has a refund paid by another card refund");
            return false;
        }
        return true;
    }

    private static RefundCommand.Ask ask(JsonNode r, String key, CardRefunds.CardRefund card) {
        Map<Integer, Long> lines = new TreeMap<>();
        r.path("lines").forEach(l -> lines.put(l.required("lineNo").asInt(), l.required("qty").asLong()));
        JsonNode g = r.path("grant");
        Optional<Grant> grant = g.isObject() ? Optional.of(new Grant(g.required("approvalId").asText(),
                g.required("managerId").asText(), Action.valueOf(g.required("action").asText()),
                g.required("amount").asLong(), g.required("inline").asBoolean())) : Optional.empty();
        return new RefundCommand.Ask(r.required("saleId").asText(), r.required("void").asBoolean(), lines,
                text(r, "method"), text(r, "customerId"), r.required("reason").asText(), key,
                r.required("actor").asText(), text(r, "staffId"), r.required("amount").asLong(), Optional.of(card), grant);
    }

    private static String text(JsonNode r, String field) {
        return r.path(field).isTextual() ? r.get(field).asText() : null;
    }
}

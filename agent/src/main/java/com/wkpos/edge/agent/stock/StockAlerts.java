package com.wkpos.edge.agent.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SKU whose level a move took down to its reorder level: journaled as {@code stock.low} in the move's own
 * transaction, so HQ hears of it with the move (and keeps it as an alert), and told to the screens on the
 * events socket once it committed.
 */
public final class StockAlerts {
    public static final String LOW = "stock.low";

    private StockAlerts() {
    }

    public static void register(Projections.Builder projections) {
        projections.on(LOW, StockAlerts::project);
    }

    /** @param cause what moved the stock, e.g. {@code sale:…} or {@code stock:…} */
    public static void low(JournalTransaction tx, Events events, String sku, long onHand, long reorderLevel,
                           String cause) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("sku", sku);
        p.put("onHand", onHand);
        p.put("reorderLevel", reorderLevel);
        p.put("cause", cause);
        p.put("at", tx.clock().instant().toString());
        tx.append(LOW, p);
        tx.afterCommit(() -> events.publish(LOW, Map.of("sku", sku, "onHand", onHand, "reorderLevel", reorderLevel)));
    }

    private static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        Audit.record(ctx, e, p.required("at").asText(), "box", LOW, "sku:" + p.required("sku").asText(),
                "onHand=" + p.required("onHand").asLong() + " reorderLevel=" + p.required("reorderLevel").asLong()
                        + " cause=" + p.required("cause").asText());
    }
}

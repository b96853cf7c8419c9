package com.wkpos.edge.agent.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.stock.Stock;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock a supply step moves, decided in the write transaction: one line per SKU with the level's
 * version it was computed from, the {@code stock: [{sku, delta}]} HQ sums, and the SKUs whose level
 * the step takes down to their reorder level. Goods leaving never take a level below zero.
 */
final class StockLines {
    private record Moved(String sku, long qty, long version, long onHandAfter, long reorderLevel, boolean crossedLow) {
    }

    private final List<Moved> moved;
    private final int sign;

    private StockLines(List<Moved> moved, int sign) {
        this.moved = moved;
        this.sign = sign;
    }

    /** @param sign -1: goods leave, +1: goods arrive (a SKU new to this branch gets its stock row) */
    static StockLines move(JournalTransaction tx, Map<String, Long> quantities, int sign, String type, String what,
                           java.util.function.Predicate<String> serialized) throws SQLException {
        List<Moved> out = new ArrayList<>();
        for (Map.Entry<String, Long> q : quantities.entrySet()) {
            String sku = q.getKey();
            long qty = q.getValue();
            if (qty == 0) {
                // a line shipped or received as none moves nothing, even where the SKU has no stock row
                out.add(new Moved(sku, 0, 0, 0, 0, false));
                continue;
            }
            if (serialized.test(sku)) {
                // its level is its units in stock, and these documents do not name units yet
                throw new Refused(Refused.Kind.UNPROCESSABLE, "serialized-item", sku + " is a serialized item: "
                        + what + " cannot move it by number alone; take its units in as a PURCHASE with their serials");
            }
            Stock.Level level = Stock.level(tx, sku).orElse(null);
            if (level == null && sign < 0) {
                throw new Refused(Refused.Kind.NOT_FOUND, "unknown-product", "no stock record for sku " + sku);
            }
            long onHand = level == null ? 0 : level.onHand();
            long reorder = level == null ? 0 : level.reorderLevel();
            long after = onHand + sign * qty;
            if (sign < 0 && qty > 0 && after < 0) {
                throw new Refused(Refused.Kind.CONFLICT, "not-enough-stock", sku + " has " + onHand + " on hand; "
                        + type + " of " + qty + " (" + what + ") would leave it below zero");
            }
            out.add(new Moved(sku, qty, level == null ? 0 : level.version(), after, reorder,
                    sign < 0 && qty > 0 && after <= reorder && onHand > reorder));
        }
        return new StockLines(out, sign);
    }

    /** The lines for the entry: {@code {sku, <field>: qty, expectedVersion}}, mutable for extra fields. */
    List<Map<String, Object>> lines(String field) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Moved m : moved) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("sku", m.sku());
            l.put(field, m.qty());
            l.put("expectedVersion", m.version());
            out.add(l);
        }
        return out;
    }

    List<Map<String, Object>> stock() {
        return moved.stream().filter(m -> m.qty() > 0)
                .map(m -> Map.<String, Object>of("sku", m.sku(), "delta", sign * m.qty())).toList();
    }

    /** Journals each SKU this step took down to its reorder level (call after the step's own entry). */
    void announceLow(JournalTransaction tx, Events events, String cause) {
        for (Moved m : moved) {
            if (m.crossedLow()) {
                com.wkpos.edge.agent.stock.StockAlerts.low(tx, events, m.sku(), m.onHandAfter(), m.reorderLevel(), cause);
            }
        }
    }

    /** Applies an entry's lines ({@code field} holds each quantity) as movements of {@code type}. */
    static void project(ProjectionContext ctx, JournalEntry e, JsonNode p, String field, int sign, String type,
                        String ref) throws SQLException {
        for (JsonNode l : p.required("lines")) {
            long qty = l.required(field).asLong();
            if (qty == 0) {
                continue;
            }
            String sku = l.required("sku").asText();
            Stock.move(ctx, e, Stock.derivedId(e, sku), sku, type, sign * qty, l.required("expectedVersion").asLong(),
                    ref, p.required("at").asText());
        }
    }
}

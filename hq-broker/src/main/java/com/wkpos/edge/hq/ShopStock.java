package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What HQ believes each branch holds, for routing web-shop orders and for the levels the shop is told (ADR 014).
 * Runs in the caller's transaction.
 */
final class ShopStock {
    private ShopStock() {
    }

    /**
     * The branch that has most of the order: most lines it can ship whole, then most units, then most of its SKUs
     * in stock; ties by name. What a branch has is its level less the orders routed to it and not shipped yet.
     * Candidates are the tenant's branches HQ knows, less {@code except}.
     */
    static Optional<String> best(Connection c, String tenant, List<ShopOrders.Line> lines, JsonNode catalog,
                                 Set<String> except) throws SQLException {
        Map<String, Map<String, Long>> levels = branchLevels(c, tenant, catalog);
        for (ShopOrders.Order open : ShopOrders.open(c, tenant)) {
            Map<String, Long> at = levels.get(open.branch());
            if (at != null) {
                open.lines().forEach(l -> at.merge(l.sku(), -l.qty(), Long::sum));
            }
        }
        String best = null;
        long[] bestScore = null;
        for (Map.Entry<String, Map<String, Long>> b : levels.entrySet()) {
            if (except.contains(b.getKey())) {
                continue;
            }
            long[] score = new long[3];
            for (ShopOrders.Line l : lines) {
                long have = Math.max(0, b.getValue().getOrDefault(l.sku(), 0L));
                score[0] += have >= l.qty() ? 1 : 0;
                score[1] += Math.min(have, l.qty());
                score[2] += have;
            }
            if (bestScore == null || java.util.Arrays.compare(score, bestScore) > 0) {
                best = b.getKey();
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Per branch and SKU: what HQ believes is on hand — the catalog's opening stock (what a box starts a SKU at)
     * plus the sum of the branch's movement deltas. Branches are those with a box HQ has seen.
     */
    static Map<String, Map<String, Long>> branchLevels(Connection c, String tenant, JsonNode catalog) throws SQLException {
        Map<String, Long> opening = new TreeMap<>();
        if (catalog != null) {
            for (JsonNode product : catalog.path("products")) {
                for (JsonNode v : product.path("variants")) {
                    if (v.path("sku").isTextual()) {
                        opening.put(v.get("sku").asText(), v.path("stock").asLong(0));
                    }
                }
            }
        }
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT DISTINCT branch FROM hq_devices WHERE tenant = ?", tenant);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new TreeMap<>(opening));
            }
        }
        try (PreparedStatement ps = Sql.prepare(c, "SELECT branch, sku, SUM(delta) FROM hq_stock_moves WHERE tenant = ?"
                + " GROUP BY branch, sku", tenant); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), b -> new TreeMap<>(opening)).merge(rs.getString(2), rs.getLong(3),
                        Long::sum);
            }
        }
        return out;
    }
}

package com.wkpos.edge.agent.shift;

import com.wkpos.edge.agent.journal.ProjectionContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The totals of a reporting period (journal seq range {@code (after, before)}): sales, payments by
 * method, tax by rate, turnover by category, refunds and voids, drawer movements. The same code makes
 * X and Z reports and lets {@code journal verify} recompute every Z.
 */
final class ZTotals {
    private ZTotals() {
    }

    /** @param categoryOf the reporting category of a SKU (its product's nearest category) */
    static Map<String, Object> compute(ProjectionContext ctx, long after, long before,
                                       Function<String, String> categoryOf) throws SQLException {
        Map<String, Object> out = new TreeMap<>();
        long[] sales = row(ctx, "SELECT COUNT(*), COALESCE(SUM(total), 0), COALESCE(SUM(tax), 0),"
                + " COALESCE(SUM(rounding), 0), COALESCE(SUM(change_due), 0) FROM sales WHERE seq > ? AND seq < ?",
                after, before);
        long[] refunds = row(ctx, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM refunds WHERE kind = 'REFUND'"
                + " AND seq > ? AND seq < ?", after, before);
        long[] voids = row(ctx, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM refunds WHERE kind = 'VOID'"
                + " AND seq > ? AND seq < ?", after, before);
        out.put("salesCount", sales[0]);
        out.put("salesTotal", sales[1]);
        out.put("salesTax", sales[2]);
        out.put("rounding", sales[3]);
        out.put("refundsCount", refunds[0]);
        out.put("refundsTotal", refunds[1]);
        out.put("voidsCount", voids[0]);
        out.put("voidsTotal", voids[1]);
        out.put("turnover", sales[1] - refunds[1] - voids[1]);
        out.put("byMethod", byMethod(ctx, after, before, sales[4]));
        out.put("byTaxRate", byTaxRate(ctx, after, before));
        out.put("byCategory", byCategory(ctx, after, before, categoryOf));
        out.put("drawer", sums(ctx, "SELECT kind, SUM(amount) FROM drawer_moves WHERE seq > ? AND seq < ? GROUP BY kind",
                after, before));
        return out;
    }

    static long turnover(Map<String, Object> totals) {
        return (Long) totals.get("turnover");
    }

    /**
     * Money taken per method net of change and of what refunds and voids gave back by that method (a void
     * takes back change given); foreign cash by currency.
     */
    private static Map<String, Long> byMethod(ProjectionContext ctx, long after, long before, long change)
            throws SQLException {
        Map<String, Long> m = sums(ctx, "SELECT CASE WHEN foreign_currency IS NULL THEN method"
                + " ELSE method || ':' || foreign_currency END, SUM(amount) FROM payments WHERE seq > ? AND seq < ?"
                + " GROUP BY 1", after, before);
        m.merge("CASH", -change, Long::sum);
        sums(ctx, "SELECT method, SUM(amount) FROM refund_payments WHERE seq > ? AND seq < ? GROUP BY method", after,
                before)
                .forEach((method, amount) -> m.merge(method, -amount, Long::sum));
        m.values().removeIf(v -> v == 0);
        return m;
    }

    private static Map<String, Map<String, Long>> byTaxRate(ProjectionContext ctx, long after, long before)
            throws SQLException {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        add(ctx, out, "SELECT tax_code, tax_bp, SUM(net), SUM(tax), SUM(total) FROM sale_lines WHERE seq > ? AND seq < ?"
                + " GROUP BY tax_code, tax_bp", after, before, 1);
        add(ctx, out, "SELECT sl.tax_code, sl.tax_bp, SUM(rl.net), SUM(rl.tax), SUM(rl.total) FROM refund_lines rl"
                + " JOIN refunds r ON r.id = rl.refund_id JOIN sale_lines sl ON sl.sale_id = r.sale_id"
                + " AND sl.line_no = rl.line_no WHERE rl.seq > ? AND rl.seq < ? GROUP BY sl.tax_code, sl.tax_bp",
                after, before, -1);
        return out;
    }

    private static void add(ProjectionContext ctx, Map<String, Map<String, Long>> out, String sql, long after,
                            long before, int sign) throws SQLException {
        PreparedStatement ps = ctx.statement(sql);
        ps.setLong(1, after);
        ps.setLong(2, before);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Long> row = out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>());
                row.put("rateBasisPoints", rs.getLong(2));
                row.merge("net", sign * rs.getLong(3), Long::sum);
                row.merge("tax", sign * rs.getLong(4), Long::sum);
                row.merge("gross", sign * rs.getLong(5), Long::sum);
            }
        }
    }

    private static Map<String, Long> byCategory(ProjectionContext ctx, long after, long before,
                                                Function<String, String> categoryOf) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        sums(ctx, "SELECT sku, SUM(total) FROM sale_lines WHERE seq > ? AND seq < ? GROUP BY sku", after, before)
                .forEach((sku, total) -> out.merge(categoryOf.apply(sku), total, Long::sum));
        sums(ctx, "SELECT sl.sku, SUM(rl.total) FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id"
                + " JOIN sale_lines sl ON sl.sale_id = r.sale_id AND sl.line_no = rl.line_no"
                + " WHERE rl.seq > ? AND rl.seq < ? GROUP BY sl.sku", after, before)
                .forEach((sku, total) -> out.merge(categoryOf.apply(sku), -total, Long::sum));
        return out;
    }

    private static Map<String, Long> sums(ProjectionContext ctx, String sql, long after, long before)
            throws SQLException {
        PreparedStatement ps = ctx.statement(sql);
        ps.setLong(1, after);
        ps.setLong(2, before);
        Map<String, Long> out = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        return out;
    }

    private static long[] row(ProjectionContext ctx, String sql, long after, long before) throws SQLException {
        PreparedStatement ps = ctx.statement(sql);
        ps.setLong(1, after);
        ps.setLong(2, before);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            long[] out = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        }
    }
}

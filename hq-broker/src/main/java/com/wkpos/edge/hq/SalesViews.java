package com.wkpos.edge.hq;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What HQ shows of the branches' sales: the newest sales with their payments, and per branch what they add up to. */
final class SalesViews {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** The tills' business day zone unless a shift configuration says otherwise. */
    static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

    /**
     * Which sales: of {@code tenant}, at {@code branch} (null: all), on the days {@code from} to {@code to}
     * (both inclusive, either null: open) as days in {@code zone}, at most {@code limit} of them.
     */
    record Query(String tenant, String branch, LocalDate from, LocalDate to, ZoneId zone, int limit) {
        Query {
            if (from != null && to != null && from.isAfter(to)) {
                throw new IllegalArgumentException("from " + from + " is after to " + to);
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
            }
        }

        Long fromMs() {
            return from == null ? null : from.atStartOfDay(zone).toInstant().toEpochMilli();
        }

        /** Exclusive: the start of the day after {@code to}. */
        Long toMs() {
            return to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        }

        /** The echo of the query every answer starts with. */
        Map<String, Object> echo() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("tenant", tenant);
            out.put("branch", branch);
            out.put("from", from == null ? null : from.toString());
            out.put("to", to == null ? null : to.toString());
            out.put("zone", zone.getId());
            return out;
        }
    }

    /** A WHERE clause over a table's tenant, branch and occurred_ms, with its parameters. */
    private record Filter(String sql, List<Object> params) {
        static Filter of(Query q, String alias) {
            StringBuilder sql = new StringBuilder(" WHERE " + alias + ".tenant = ?");
            List<Object> params = new ArrayList<>(List.of(q.tenant()));
            if (q.branch() != null) {
                sql.append(" AND ").append(alias).append(".branch = ?");
                params.add(q.branch());
            }
            if (q.fromMs() != null) {
                sql.append(" AND ").append(alias).append(".occurred_ms >= ?");
                params.add(q.fromMs());
            }
            if (q.toMs() != null) {
                sql.append(" AND ").append(alias).append(".occurred_ms < ?");
                params.add(q.toMs());
            }
            return new Filter(sql.toString(), params);
        }

        PreparedStatement prepare(Connection c, String head, String tail, Object... more) throws SQLException {
            List<Object> all = new ArrayList<>(params);
            all.addAll(List.of(more));
            return Sql.prepare(c, head + sql + tail, all.toArray());
        }
    }

    private SalesViews() {
    }

    /** The newest sales first (ties: by device and seq), each with its payments and what was refunded of it. */
    static List<Map<String, Object>> sales(Connection c, Query q) throws SQLException {
        Filter f = Filter.of(q, "s");
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, List<Map<String, Object>>> payments = new HashMap<>();
        long oldest = Long.MAX_VALUE;
        long newest = Long.MIN_VALUE;
        try (PreparedStatement ps = f.prepare(c, "SELECT s.branch, s.device_id, s.seq, s.sale_id, s.invoice_no,"
                + " s.occurred_at, s.currency, s.subtotal, s.discount, s.tax, s.rounding, s.total, s.net, s.paid,"
                + " s.change_due, s.lines, s.staff_id, s.cashier, s.occurred_ms, (SELECT COALESCE(SUM(r.amount), 0)"
                + " FROM hq_refunds r WHERE r.tenant = s.tenant AND r.sale_id = s.sale_id) FROM hq_sales s",
                " ORDER BY s.occurred_ms DESC, s.device_id, s.seq DESC LIMIT ?", q.limit());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> sale = new LinkedHashMap<>();
                sale.put("branch", rs.getString(1));
                sale.put("device", rs.getString(2));
                sale.put("seq", rs.getLong(3));
                sale.put("saleId", rs.getString(4));
                sale.put("invoiceNo", rs.getLong(5));
                sale.put("occurredAt", rs.getString(6));
                sale.put("currency", rs.getString(7));
                sale.put("subtotal", rs.getLong(8));
                sale.put("discount", rs.getLong(9));
                sale.put("tax", rs.getLong(10));
                sale.put("rounding", rs.getLong(11));
                sale.put("total", rs.getLong(12));
                sale.put("net", rs.getLong(13));
                sale.put("paid", rs.getLong(14));
                sale.put("change", rs.getLong(15));
                sale.put("lines", rs.getInt(16));
                sale.put("staffId", rs.getString(17));
                sale.put("cashier", rs.getString(18));
                sale.put("refunded", rs.getLong(20));
                List<Map<String, Object>> paid = new ArrayList<>();
                sale.put("payments", paid);
                payments.put(rs.getString(2) + "/" + rs.getLong(3), paid);
                oldest = Math.min(oldest, rs.getLong(19));
                newest = Math.max(newest, rs.getLong(19));
                out.add(sale);
            }
        }
        if (!out.isEmpty()) {
            addPayments(c, f, oldest, newest, payments);
        }
        return out;
    }

    /** One query for the payments of the listed sales: those in the same filter and the page's time span. */
    private static void addPayments(Connection c, Filter f, long oldest, long newest,
                                    Map<String, List<Map<String, Object>>> bySale) throws SQLException {
        try (PreparedStatement ps = f.prepare(c, "SELECT p.device_id, p.seq, p.method, p.amount, p.foreign_currency,"
                + " p.foreign_amount, p.reference FROM hq_sale_payments p JOIN hq_sales s ON s.device_id = p.device_id"
                + " AND s.seq = p.seq", " AND s.occurred_ms BETWEEN ? AND ? ORDER BY p.device_id, p.seq, p.line",
                oldest, newest);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                List<Map<String, Object>> paid = bySale.get(rs.getString(1) + "/" + rs.getLong(2));
                if (paid == null) {
                    continue;
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("method", rs.getString(3));
                p.put("amount", rs.getLong(4));
                if (rs.getString(5) != null) {
                    p.put("foreignCurrency", rs.getString(5));
                    p.put("foreignAmount", rs.getObject(6) == null ? null : rs.getLong(6));
                }
                p.put("reference", rs.getString(7));
                paid.add(p);
            }
        }
    }

    /**
     * Per branch and currency: sales and their gross (what customers paid) and tax, refunds and voids made
     * on those days (whenever their sale was), and net = gross - refunds. Totals per currency.
     */
    static Map<String, Object> summary(Connection c, Query q) throws SQLException {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        try (PreparedStatement ps = Filter.of(q, "s").prepare(c, "SELECT s.branch, s.currency, COUNT(*), SUM(s.total),"
                + " SUM(s.tax) FROM hq_sales s", " GROUP BY s.branch, s.currency");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = row(rows, rs.getString(1), rs.getString(2));
                row.put("sales", rs.getLong(3));
                row.put("gross", rs.getLong(4));
                row.put("tax", rs.getLong(5));
            }
        }
        try (PreparedStatement ps = Filter.of(q, "r").prepare(c, "SELECT r.branch, r.currency, COUNT(*), SUM(r.amount)"
                + " FROM hq_refunds r", " GROUP BY r.branch, r.currency");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = row(rows, rs.getString(1), rs.getString(2));
                row.put("refundCount", rs.getLong(3));
                row.put("refunds", rs.getLong(4));
            }
        }
        Map<String, Map<String, Object>> totals = new TreeMap<>();
        for (Map<String, Object> row : rows.values()) {
            row.put("net", (Long) row.get("gross") - (Long) row.get("refunds"));
            Map<String, Object> total = totals.computeIfAbsent((String) row.get("currency"), SalesViews::zero);
            for (String k : List.of("sales", "gross", "tax", "refundCount", "refunds", "net")) {
                total.merge(k, row.get(k), (a, b) -> (Long) a + (Long) b);
            }
        }
        Map<String, Object> out = q.echo();
        out.put("branches", List.copyOf(rows.values()));
        out.put("totals", List.copyOf(totals.values()));
        return out;
    }

    private static Map<String, Object> row(Map<String, Map<String, Object>> rows, String branch, String currency) {
        return rows.computeIfAbsent(branch + "\u0000" + currency, k -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("branch", branch);
            row.putAll(zero(currency));
            return row;
        });
    }

    private static Map<String, Object> zero(String currency) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("currency", currency);
        for (String k : List.of("sales", "gross", "tax", "refundCount", "refunds", "net")) {
            row.put(k, 0L);
        }
        return row;
    }
}

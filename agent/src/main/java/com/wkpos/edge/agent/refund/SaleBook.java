package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.ledger.Posting;
import com.wkpos.edge.agent.rule.Refused;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A committed sale with what refunds and voids took back from it so far: the facts every refund rule
 * is checked against. Read in the writer's transaction (and once ahead of it, to ask the terminal and
 * a manager before committing).
 */
record SaleBook(String saleId, long seq, String occurredAt, long invoiceNo, long total, String customerId,
                long pointsEarned, List<Line> lines, Map<String, Long> paidBy, Map<String, String> references,
                long refunded, long pointsReversed, boolean voided, long drawerCash, Map<String, Long> refundable) {
    /** How many exchanges back a sale's money is traced to the methods that first paid it. */
    private static final int EXCHANGE_DEPTH = 20;

    /** A sale line and what refunds took back of it. */
    record Line(int lineNo, String sku, String taxCode, long qty, long net, long tax, long total, long refundedQty,
                long refundedNet, long refundedTax, long refundedTotal) {
    }

    static SaleBook read(ProjectionContext ctx, String saleId) throws SQLException {
        return read(ctx, saleId, 0);
    }

    /**
     * {@code refundable}: what each method may give back at most. A part paid by goods taken back in an
     * exchange counts for the methods that paid the sale those goods came from (each up to what it paid
     * there), so goods bought in an exchange get their money back the way it was first paid.
     */
    private static SaleBook read(ProjectionContext ctx, String saleId, int depth) throws SQLException {
        PreparedStatement sale = ctx.statement("SELECT seq, occurred_at, invoice_no, total, customer_id,"
                + " COALESCE(points_earned, 0) FROM sales WHERE id = ?");
        sale.setString(1, saleId);
        long seq;
        String at;
        long invoiceNo;
        long total;
        String customerId;
        long points;
        try (ResultSet rs = sale.executeQuery()) {
            if (!rs.next()) {
                throw new Refused(Refused.Kind.NOT_FOUND, "not-found", "no sale with id " + saleId);
            }
            seq = rs.getLong(1);
            at = rs.getString(2);
            invoiceNo = rs.getLong(3);
            total = rs.getLong(4);
            customerId = rs.getString(5);
            points = rs.getLong(6);
        }
        Map<String, Long> paidBy = new TreeMap<>();
        Map<String, String> references = new TreeMap<>();
        PreparedStatement pay = ctx.statement("SELECT method, amount, reference FROM payments WHERE sale_id = ?");
        pay.setString(1, saleId);
        try (ResultSet rs = pay.executeQuery()) {
            while (rs.next()) {
                paidBy.merge(rs.getString(1), rs.getLong(2), Long::sum);
                if (rs.getString(3) != null) {
                    references.putIfAbsent(rs.getString(1), rs.getString(3));
                }
            }
        }
        long drawerCash = single(ctx, "SELECT COALESCE(SUM(amount), 0) FROM drawer_moves WHERE ref = ? AND kind = 'SALE'",
                "sale:" + saleId);
        // Change always comes out of local cash, so cash paid net of change is what cash can give back.
        long change = single(ctx, "SELECT change_due FROM sales WHERE id = ?", saleId);
        paidBy.merge("CASH", -change, Long::sum);
        PreparedStatement refunds = ctx.statement("SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(points), 0),"
                + " COALESCE(SUM(kind = 'VOID'), 0) FROM refunds WHERE sale_id = ?");
        refunds.setString(1, saleId);
        long refunded;
        long pointsReversed;
        boolean voided;
        try (ResultSet rs = refunds.executeQuery()) {
            rs.next();
            refunded = rs.getLong(1);
            pointsReversed = rs.getLong(2);
            voided = rs.getLong(3) > 0;
        }
        List<Line> lines = lines(ctx, saleId);
        Map<String, Long> refundable = new TreeMap<>(paidBy);
        refundable.remove("EXCHANGE");
        if (paidBy.getOrDefault("EXCHANGE", 0L) > 0 && depth < EXCHANGE_DEPTH) {
            for (Map.Entry<String, Long> credit : exchangeCredits(ctx, saleId).entrySet()) {
                SaleBook origin = read(ctx, credit.getKey(), depth + 1);
                origin.refundable().forEach((method, amount) -> refundable.merge(method,
                        Math.min(amount, credit.getValue()), Long::sum));
                origin.references().forEach(references::putIfAbsent);
            }
        }
        return new SaleBook(saleId, seq, at, invoiceNo, total, customerId, points, lines, paidBy, references, refunded,
                pointsReversed, voided, drawerCash, refundable);
    }

    /** The sales whose goods, taken back in an exchange, paid this sale, with how much of it each paid. */
    private static Map<String, Long> exchangeCredits(ProjectionContext ctx, String saleId) throws SQLException {
        return sums(ctx, "SELECT r.sale_id, SUM(p.amount) FROM payments p JOIN refunds r"
                + " ON p.reference = 'refund:' || r.id WHERE p.sale_id = ? AND p.method = 'EXCHANGE' GROUP BY r.sale_id",
                saleId);
    }

    /** What refunds paid back by each method so far (a void's change taken back counts against cash). */
    static Map<String, Long> refundedBy(ProjectionContext ctx, String saleId) throws SQLException {
        return sums(ctx, "SELECT rp.method, SUM(rp.amount) FROM refund_payments rp"
                + " JOIN refunds r ON r.id = rp.refund_id WHERE r.sale_id = ? GROUP BY rp.method", saleId);
    }

    /** {@code sql} selects (key, sum) pairs for one sale, its only parameter; sorted by key. */
    static Map<String, Long> sums(ProjectionContext ctx, String sql, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement(sql);
        ps.setString(1, saleId);
        Map<String, Long> out = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /** The postings of the sale's own ledger transaction, which a void mirrors. */
    static List<Posting> salePostings(ProjectionContext ctx, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT id, account, debit, credit, memo FROM ledger_entries"
                + " WHERE txn_id = ? ORDER BY id");
        ps.setString(1, "sale:" + saleId);
        List<Posting> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(3) > 0 ? Posting.debit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(5))
                        : Posting.credit(rs.getString(1), rs.getString(2), rs.getLong(4), rs.getString(5)));
            }
        }
        return out;
    }

    /** Payments of the sale as the Z counts them by method (foreign cash as {@code CASH:<currency>}). */
    static Map<String, Long> paidByReportKey(ProjectionContext ctx, String saleId) throws SQLException {
        Map<String, Long> out = sums(ctx, "SELECT CASE WHEN foreign_currency IS NULL THEN method"
                + " ELSE method || ':' || foreign_currency END, SUM(amount) FROM payments WHERE sale_id = ? GROUP BY 1",
                saleId);
        out.merge("CASH", -single(ctx, "SELECT change_due FROM sales WHERE id = ?", saleId), Long::sum);
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static List<Line> lines(ProjectionContext ctx, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT sl.line_no, sl.sku, sl.tax_code, sl.qty, sl.net, sl.tax, sl.total,"
                + " COALESCE(SUM(rl.qty), 0), COALESCE(SUM(rl.net), 0), COALESCE(SUM(rl.tax), 0),"
                + " COALESCE(SUM(rl.total), 0) FROM sale_lines sl LEFT JOIN refunds r ON r.sale_id = sl.sale_id"
                + " LEFT JOIN refund_lines rl ON rl.refund_id = r.id AND rl.line_no = sl.line_no"
                + " WHERE sl.sale_id = ? GROUP BY sl.line_no ORDER BY sl.line_no");
        ps.setString(1, saleId);
        List<Line> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Line(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)));
            }
        }
        return out;
    }

    private static long single(ProjectionContext ctx, String sql, String arg) throws SQLException {
        PreparedStatement ps = ctx.statement(sql);
        ps.setString(1, arg);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

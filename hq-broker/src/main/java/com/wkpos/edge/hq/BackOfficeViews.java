package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.report.PeriodFigures;
import com.wkpos.edge.protocol.report.ReportColumns;
import com.wkpos.edge.protocol.report.ReportTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The box's back-office reports (same names, same figures, same meaning) over every branch of a tenant, or
 * one, from HQ's projected tables: daily and monthly from the jobs, payments, expenses and sales; cash flow
 * from the ledger postings HQ copied ({@link CashFlowView}); receivables and customer statements in {@link AccountViews}. Sales
 * count on the local day they happened, jobs on their service date, payments on the day paid, expenses on
 * their expense date, adjustments and reversals on the box's local day they were journaled. Amounts are
 * gross minor units as charged; a scope whose branches book in more than one currency is refused.
 */
final class BackOfficeViews {
    static final List<String> NAMES = List.of("daily", "monthly", "cash-flow", "receivables", "customer-statement");
    static final int MAX_DAYS = 366;
    static final int MAX_YEARS = 10;
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    /** What a report is asked for: of {@code tenant}, at {@code branch} (null: all), {@code customer} for statements. */
    record Query(String name, String tenant, String branch, LocalDate from, LocalDate to, ZoneId zone, String customer) {
    }

    /** A report: its JSON body and the same figures as a table for CSV. */
    record Report(Map<String, Object> json, ReportTable table) {
    }

    private BackOfficeViews() {
    }

    /**
     * Checks a report's parameters as the box does: {@code from}/{@code to} days, inclusive, 2000-01-01 to a year
     * from {@code today}; receivables need only {@code to} (default today); daily and cash flow cover at most
     * {@value #MAX_DAYS} days, any report {@value #MAX_YEARS} years; the statement needs a customer.
     *
     * @throws HqApiException 400 naming the bad parameter
     */
    static Query query(String name, String tenant, String branch, String from, String to, ZoneId zone,
                       String customer, LocalDate today) {
        if (!NAMES.contains(name)) {
            throw new HqApiException(400, "unknown-report", "no report '" + name + "'; there are " + NAMES);
        }
        boolean receivables = name.equals("receivables");
        LocalDate t = to == null && receivables ? today : date(to, "to", today.plusYears(1));
        LocalDate f = from == null && receivables ? t : date(from, "from", today.plusYears(1));
        if (f.isAfter(t)) {
            throw new HqApiException(400, "invalid-date", "from " + f + " is after to " + t);
        }
        long days = ChronoUnit.DAYS.between(f, t) + 1;
        if ((name.equals("daily") || name.equals("cash-flow")) && days > MAX_DAYS) {
            throw new HqApiException(400, "range-too-long", name + " covers at most " + MAX_DAYS + " days, asked for "
                    + days + "; use the monthly report for longer ranges");
        }
        if (f.plusYears(MAX_YEARS).isBefore(t)) {
            throw new HqApiException(400, "range-too-long", "a report covers at most " + MAX_YEARS + " years");
        }
        if (customer != null && (customer.isBlank() || customer.length() > 64)) {
            throw new HqApiException(400, "invalid-parameter", "customer must be 1..64 characters, was '" + customer + "'");
        }
        if (name.equals("customer-statement") && customer == null) {
            throw new HqApiException(400, "invalid-parameter", "customer is required for the statement");
        }
        return new Query(name, tenant, branch, f, t, zone, customer);
    }

    private static LocalDate date(String raw, String field, LocalDate latest) {
        if (raw == null) {
            throw new HqApiException(400, "invalid-parameter", field + " is required (yyyy-MM-dd)");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw new HqApiException(400, "invalid-date", field + " must be a date yyyy-MM-dd, was '" + raw + "'");
        }
        if (d.isBefore(EARLIEST) || d.isAfter(latest)) {
            throw new HqApiException(400, "date-out-of-range", field + " " + d + " is outside " + EARLIEST + ".." + latest);
        }
        return d;
    }

    static Report run(Connection c, Query q, Instant now) throws SQLException {
        Map<String, Object> head = head(c, q, now);
        return switch (q.name()) {
            case "daily" -> daily(c, q, head);
            case "monthly" -> monthly(c, q, head);
            case "cash-flow" -> CashFlowView.cashFlow(c, q, head);
            case "receivables" -> AccountViews.receivables(c, q, head);
            case "customer-statement" -> AccountViews.statement(c, q, head);
            default -> throw new IllegalArgumentException(q.name());
        };
    }

    // ---- daily and monthly: the day's figures, folded into months

    static TreeMap<LocalDate, PeriodFigures> days(Connection c, Query q) throws SQLException {
        TreeMap<LocalDate, PeriodFigures> days = new TreeMap<>();
        for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) {
            days.put(d, new PeriodFigures());
        }
        // Sales are summed per UTC hour in SQL (per second where the zone is ever off whole hours) and each
        // bucket goes to its local day here.
        long bucket = PeriodFigures.wholeHours(q.zone(), q.from(), q.to()) ? 3_600_000L : 1_000L;
        Object fromMs = q.from().atStartOfDay(q.zone()).toInstant().toEpochMilli();
        Object toMs = q.to().plusDays(1).atStartOfDay(q.zone()).toInstant().toEpochMilli();
        for (String table : List.of("hq_sales", "hq_refunds")) {
            boolean sale = table.equals("hq_sales");
            rows(c, "SELECT x.occurred_ms / " + bucket + ", COUNT(*), SUM(x." + (sale ? "total" : "amount") + ") FROM "
                    + table + " x WHERE" + scope(q, "x") + " AND x.occurred_ms >= ? AND x.occurred_ms < ?"
                    + " GROUP BY x.occurred_ms / " + bucket, params(q, fromMs, toMs), rs -> {
                        PeriodFigures f = days.get(Instant.ofEpochMilli(rs.getLong(1) * bucket).atZone(q.zone()).toLocalDate());
                        if (sale) {
                            f.sales(rs.getLong(2), rs.getLong(3));
                        } else {
                            f.refunds(rs.getLong(3));
                        }
                    });
        }
        Object[] range = params(q, q.from().toString(), q.to().toString());
        rows(c, "SELECT x.service_date, COUNT(*), SUM(x.amount) FROM hq_jobs x WHERE" + scope(q, "x")
                + " AND x.service_date BETWEEN ? AND ? GROUP BY x.service_date", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).jobs(rs.getLong(2), rs.getLong(3));
                });
        rows(c, "SELECT x.local_date, SUM(x.delta) FROM hq_job_adjustments x WHERE" + scope(q, "x")
                + " AND x.local_date BETWEEN ? AND ? GROUP BY x.local_date",
                range, rs -> days.get(LocalDate.parse(rs.getString(1))).adjustments(rs.getLong(2)));
        rows(c, "SELECT x.paid_on, x.method, COUNT(*), SUM(x.amount) FROM hq_job_payments x WHERE" + scope(q, "x")
                + " AND x.paid_on BETWEEN ? AND ? GROUP BY x.paid_on, x.method", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).payments(rs.getString(2), rs.getLong(3), rs.getLong(4));
                });
        // a reversed payment takes its amount off the day it was reversed, as on the box
        rows(c, "SELECT x.local_date, x.method, SUM(x.amount) FROM hq_job_payment_reversals x WHERE" + scope(q, "x")
                + " AND x.local_date BETWEEN ? AND ? GROUP BY x.local_date, x.method", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).reversedPayments(rs.getString(2), rs.getLong(3));
                });
        rows(c, "SELECT x.expense_date, COUNT(*), SUM(x.amount) FROM hq_expenses x WHERE" + scope(q, "x")
                + " AND x.expense_date BETWEEN ? AND ? GROUP BY x.expense_date", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).expenses(rs.getLong(2), rs.getLong(3));
                });
        rows(c, "SELECT x.local_date, SUM(x.amount) FROM hq_expense_reversals x WHERE" + scope(q, "x")
                + " AND x.local_date BETWEEN ? AND ? GROUP BY x.local_date",
                range, rs -> days.get(LocalDate.parse(rs.getString(1))).reversedExpenses(rs.getLong(2)));
        return days;
    }

    private static Report daily(Connection c, Query q, Map<String, Object> head) throws SQLException {
        return periods(head, "Daily report", "days", ReportColumns.DAILY, days(c, q), PeriodFigures::daily);
    }

    private static Report monthly(Connection c, Query q, Map<String, Object> head) throws SQLException {
        TreeMap<YearMonth, PeriodFigures> months = new TreeMap<>();
        days(c, q).forEach((day, f) -> months.computeIfAbsent(YearMonth.from(day), m -> new PeriodFigures()).add(f));
        return periods(head, "Monthly report", "months", ReportColumns.MONTHLY, months, PeriodFigures::monthly);
    }

    private static <K> Report periods(Map<String, Object> head, String title, String listName,
                                      List<ReportTable.Column> columns, TreeMap<K, PeriodFigures> periods,
                                      Function<PeriodFigures, Map<String, Object>> fields) {
        PeriodFigures.Periods p = PeriodFigures.periods(columns, periods, fields);
        head.put(listName, p.list());
        head.put("totals", p.totals());
        return new Report(head, new ReportTable(title, about(head), columns, p.rows(), p.totalsRow()));
    }

    /** What a report covers, for its table: the days, zone and currency, the tenant and its branches in scope. */
    static List<String> about(Map<String, Object> head, String... more) {
        List<String> out = new ArrayList<>(List.of(head.get("from") + " to " + head.get("to") + " (" + head.get("zone")
                + "), amounts in " + (head.get("currency") == null ? "the branches' currency" : head.get("currency")),
                "tenant " + head.get("tenant") + ", " + (head.get("branch") == null ? "all branches" : "branch "
                + head.get("branch"))));
        out.addAll(List.of(more));
        return out;
    }

    // ---- shared

    /**
     * The echo every report starts with, the scope's one currency, and what HQ has received from each box in
     * scope (its acknowledged seq and when), since HQ's figures lag the boxes' by what is not uploaded yet.
     *
     * @throws HqApiException 400 when the scope's branches book in more than one currency
     */
    private static Map<String, Object> head(Connection c, Query q, Instant now) throws SQLException {
        TreeSet<String> currencies = new TreeSet<>();
        for (String table : List.of("hq_sales", "hq_jobs", "hq_job_payments", "hq_expenses")) {
            rows(c, "SELECT DISTINCT x.currency FROM " + table + " x WHERE" + scope(q, "x"), params(q),
                    rs -> currencies.add(rs.getString(1)));
        }
        if (currencies.size() > 1) {
            throw new HqApiException(400, "mixed-currencies", "the branches of " + q.tenant() + " in scope book in "
                    + currencies + "; ask for one branch at a time");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report", q.name());
        m.put("tenant", q.tenant());
        m.put("branch", q.branch());
        m.put("from", q.from().toString());
        m.put("to", q.to().toString());
        m.put("zone", q.zone().getId());
        m.put("currency", currencies.isEmpty() ? null : currencies.first());
        m.put("generatedAt", now.toString());
        List<Map<String, Object>> received = new ArrayList<>();
        rows(c, "SELECT x.branch, x.device_id, x.acked_seq, x.last_ack_at FROM hq_devices x WHERE" + scope(q, "x")
                + " ORDER BY x.branch, x.device_id", params(q), rs -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("branch", rs.getString(1));
                    d.put("device", rs.getString(2));
                    d.put("ackedSeq", rs.getLong(3));
                    d.put("lastAckAt", rs.getString(4));
                    received.add(d);
                });
        m.put("received", received);
        return m;
    }

    /** {@code " a.tenant = ? [AND a.branch = ?]"}: the tenant always, so one tenant's figures never show another's. */
    static String scope(Query q, String alias) {
        return " " + alias + ".tenant = ?" + (q.branch() == null ? "" : " AND " + alias + ".branch = ?");
    }

    /** The scope's parameters followed by {@code more}. */
    static Object[] params(Query q, Object... more) {
        List<Object> all = new ArrayList<>();
        all.add(q.tenant());
        if (q.branch() != null) {
            all.add(q.branch());
        }
        all.addAll(List.of(more));
        return all.toArray();
    }

    interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    static void rows(Connection c, String sql, Object[] params, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = Sql.prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                handler.row(rs);
            }
        }
    }
}

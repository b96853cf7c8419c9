package com.wkpos.edge.agent.backoffice;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.protocol.report.CashFlow;
import com.wkpos.edge.protocol.report.Money;
import com.wkpos.edge.protocol.report.PeriodFigures;
import com.wkpos.edge.protocol.report.ReportColumns;
import com.wkpos.edge.protocol.report.ReportTable;
import com.wkpos.edge.protocol.report.Statement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The back office's reports, from the box's own tables, so they include what HQ has not acknowledged yet (and
 * say how much that is): daily, monthly, cash flow, receivables by age and a customer's statement. Amounts
 * are gross minor units as charged. Sales count on the local day they happened, jobs on their service date,
 * payments on the day paid, expenses on their expense date; adjustments and reversals on the local day they
 * were journaled.
 */
public final class BackOfficeReports {
    public static final List<String> NAMES = List.of("daily", "monthly", "cash-flow", "receivables",
            "customer-statement");
    static final int MAX_DAYS = 366;
    static final int MAX_YEARS = 10;

    /** A report: its JSON body and the same figures as a table for CSV, XLSX and PDF. */
    public record Report(Map<String, Object> json, ReportTable table) {
    }

    /** What a report is asked for; {@code customer} only for the statement. */
    public record Query(String name, LocalDate from, LocalDate to, String customer) {
    }

    private final Journal journal;
    private final Clock clock;
    private final ZoneId zone;
    private final String currency;
    private final Supplier<OptionalLong> ackedSeq;

    /** @param ackedSeq the contiguous seq HQ acknowledged; empty when the box does not sync */
    public BackOfficeReports(Journal journal, Clock clock, ZoneId zone, String currency, Supplier<OptionalLong> ackedSeq) {
        this.journal = journal;
        this.clock = clock;
        this.zone = zone;
        this.currency = currency;
        this.ackedSeq = ackedSeq;
    }

    /**
     * Reads and checks a report's parameters: {@code from}/{@code to} days (inclusive); receivables need only
     * {@code to} (default today).
     */
    public Query query(String name, String from, String to, String customer) {
        if (!NAMES.contains(name)) {
            throw new Refused(Refused.Kind.NOT_FOUND, "unknown-report", "no report '" + name + "'; there are " + NAMES);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        LocalDate earliest = LocalDate.of(2000, 1, 1);
        LocalDate latest = today.plusYears(1);
        LocalDate t = to == null && name.equals("receivables") ? today : required(to, "to", earliest, latest);
        LocalDate f = name.equals("receivables") && from == null ? t : required(from, "from", earliest, latest);
        if (f.isAfter(t)) {
            throw new Refused(Refused.Kind.INVALID, "invalid-date", "from " + f + " is after to " + t);
        }
        long days = ChronoUnit.DAYS.between(f, t) + 1;
        if ((name.equals("daily") || name.equals("cash-flow")) && days > MAX_DAYS) {
            throw new Refused(Refused.Kind.INVALID, "range-too-long", name + " covers at most " + MAX_DAYS
                    + " days, asked for " + days + "; use the monthly report for longer ranges");
        }
        if (f.plusYears(MAX_YEARS).isBefore(t)) {
            throw new Refused(Refused.Kind.INVALID, "range-too-long", "a report covers at most " + MAX_YEARS + " years");
        }
        if (name.equals("customer-statement") && (customer == null || customer.isBlank())) {
            throw new Refused(Refused.Kind.INVALID, "invalid-parameter", "customer is required for the statement");
        }
        return new Query(name, f, t, customer);
    }

    public Report run(Query q) {
        return journal.read(c -> switch (q.name()) {
            case "daily" -> daily(c, q);
            case "monthly" -> monthly(c, q);
            case "cash-flow" -> cashFlow(c, q);
            case "receivables" -> receivables(c, q);
            case "customer-statement" -> statement(c, q);
            default -> throw new IllegalArgumentException(q.name());
        });
    }

    // ---- daily and monthly: the day's figures, folded into months

    /** The figures of every day of the range and how many of the entries behind them HQ has not acknowledged. */
    record Days(TreeMap<LocalDate, PeriodFigures> days, long unacked) {
    }

    Days days(Connection c, LocalDate from, LocalDate to) throws SQLException {
        TreeMap<LocalDate, PeriodFigures> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.put(d, new PeriodFigures());
        }
        String acked = String.valueOf(ackedSeq.get().orElse(0));
        long[] unacked = {0};
        // Sales are summed per UTC hour by SQL (per second where the zone is ever off whole hours) and each
        // bucket goes to its local day here: instants as text sort by any prefix of whole units.
        int prefix = PeriodFigures.wholeHours(zone, from, to) ? 13 : 19;
        String lo = from.minusDays(1).toString();
        String hi = to.plusDays(2).toString();
        for (String table : List.of("sales", "refunds")) {
            boolean sale = table.equals("sales");
            rows(c, "SELECT substr(occurred_at, 1, " + prefix + "), COUNT(*), SUM(" + (sale ? "total" : "amount")
                    + "), SUM(seq > ?) FROM " + table + " WHERE occurred_at >= ? AND occurred_at < ? GROUP BY 1",
                    new String[] {acked, lo, hi}, rs -> {
                        PeriodFigures f = days.get(localDay(rs.getString(1)));
                        if (f != null) {
                            if (sale) {
                                f.sales(rs.getLong(2), rs.getLong(3));
                            } else {
                                f.refunds(rs.getLong(3));
                            }
                            unacked[0] += rs.getLong(4);
                        }
                    });
        }
        String[] range = {acked, from.toString(), to.toString()};
        rows(c, "SELECT service_date, COUNT(*), SUM(amount), SUM(created_seq > ?) FROM service_jobs"
                + " WHERE service_date BETWEEN ? AND ? GROUP BY 1", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).jobs(rs.getLong(2), rs.getLong(3));
                    unacked[0] += rs.getLong(4);
                });
        rows(c, "SELECT local_date, SUM(delta), SUM(seq > ?) FROM job_adjustments WHERE local_date BETWEEN ? AND ?"
                + " GROUP BY 1", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).adjustments(rs.getLong(2));
                    unacked[0] += rs.getLong(3);
                });
        rows(c, "SELECT paid_on, method, COUNT(*), SUM(amount), SUM(seq > ?) FROM job_payments"
                + " WHERE paid_on BETWEEN ? AND ? GROUP BY 1, 2", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).payments(rs.getString(2), rs.getLong(3), rs.getLong(4));
                    unacked[0] += rs.getLong(5);
                });
        // a reversed payment takes its amount off the day it was reversed, as the ledger does
        rows(c, "SELECT local_date, method, SUM(amount), SUM(seq > ?) FROM job_payment_reversals"
                + " WHERE local_date BETWEEN ? AND ? GROUP BY 1, 2", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).reversedPayments(rs.getString(2), rs.getLong(3));
                    unacked[0] += rs.getLong(4);
                });
        rows(c, "SELECT expense_date, COUNT(*), SUM(amount), SUM(seq > ?) FROM expenses"
                + " WHERE expense_date BETWEEN ? AND ? GROUP BY 1", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).expenses(rs.getLong(2), rs.getLong(3));
                    unacked[0] += rs.getLong(4);
                });
        rows(c, "SELECT r.local_date, SUM(e.amount), SUM(r.seq > ?) FROM expense_reversals r"
                + " JOIN expenses e ON e.id = r.expense_id WHERE r.local_date BETWEEN ? AND ? GROUP BY 1", range, rs -> {
                    days.get(LocalDate.parse(rs.getString(1))).reversedExpenses(rs.getLong(2));
                    unacked[0] += rs.getLong(3);
                });
        return new Days(days, unacked[0]);
    }

    /** The local day of a UTC time given to the hour ({@code 2026-03-29T22}) or to the second. */
    private LocalDate localDay(String utc) {
        String full = utc.length() == 13 ? utc + ":00:00" : utc;
        return java.time.LocalDateTime.parse(full).atOffset(java.time.ZoneOffset.UTC).atZoneSameInstant(zone)
                .toLocalDate();
    }


    private Report daily(Connection c, Query q) throws SQLException {
        Days d = days(c, q.from(), q.to());
        return periods(q, d.unacked(), "Daily report", "days", ReportColumns.DAILY, d.days(), PeriodFigures::daily);
    }

    private Report monthly(Connection c, Query q) throws SQLException {
        Days d = days(c, q.from(), q.to());
        TreeMap<YearMonth, PeriodFigures> months = new TreeMap<>();
        d.days().forEach((day, f) -> months.computeIfAbsent(YearMonth.from(day), m -> new PeriodFigures()).add(f));
        return periods(q, d.unacked(), "Monthly report", "months", ReportColumns.MONTHLY, months, PeriodFigures::monthly);
    }

    /**
     * One row per period (day or month) and their totals; the table's cells are the JSON's values under the
     * columns' keys, the first column naming the period ("Total" on the totals row).
     */
    private <K> Report periods(Query q, long unacked, String title, String listName, List<ReportTable.Column> columns,
                               TreeMap<K, PeriodFigures> periods, java.util.function.Function<PeriodFigures, Map<String, Object>> fields) {
        PeriodFigures.Periods p = PeriodFigures.periods(columns, periods, fields);
        Map<String, Object> body = head(q, unacked);
        body.put(listName, p.list());
        body.put("totals", p.totals());
        return new Report(body, new ReportTable(title, about(q, unacked), columns, p.rows(), p.totalsRow()));
    }

    // ---- cash flow: per ledger transaction, what it moved into or out of the money accounts

    private Report cashFlow(Connection c, Query q) throws SQLException {
        CashFlow flow = new CashFlow(q.from(), q.to());
        long acked = ackedSeq.get().orElse(0);
        long[] unacked = {0};
        rows(c, "SELECT MIN(l.occurred_at), j.type, l.seq, SUM(l.debit - l.credit) FROM ledger_entries l"
                + " JOIN journal j ON j.seq = l.seq WHERE l.occurred_at >= ? AND l.occurred_at < ? AND " + MONEY_SQL
                + " GROUP BY l.seq, l.txn_id HAVING SUM(l.debit - l.credit) <> 0",
                q.from().minusDays(1).toString(), q.to().plusDays(2).toString(), rs -> {
                    if (flow.add(LocalDate.ofInstant(Instant.parse(rs.getString(1)), zone), rs.getString(2),
                            rs.getLong(4))) {
                        unacked[0] += rs.getLong(3) > acked ? 1 : 0;
                    }
                });
        Map<String, Object> body = head(q, unacked[0]);
        flow.putInto(body);
        List<String> about = new ArrayList<>(about(q, unacked[0]));
        about.addAll(flow.bySource());
        return new Report(body, flow.table(about));
    }

    /** The money accounts of {@link Accounts#isMoney} as SQL over {@code ledger_entries l}. */
    private static final String MONEY_SQL = "(l.account IN ('" + Accounts.CASH + "', '" + Accounts.SAFE + "', '"
            + Accounts.CARD_CLEARING + "', '" + Accounts.MOBILE_CLEARING + "', '" + Accounts.BANK + "')"
            + " OR l.account LIKE '" + Accounts.foreignCash("") + "%')";

    // ---- receivables by age, as of the end of the range

    private Report receivables(Connection c, Query q) throws SQLException {
        String asOf = q.to().toString();
        TreeMap<String, long[]> byCustomer = new TreeMap<>();
        Map<String, String> names = new java.util.HashMap<>();
        rows(c, "SELECT j.customer_id, c.name, j.service_date, j.amount"
                + " + COALESCE((SELECT SUM(delta) FROM job_adjustments a WHERE a.job_id = j.id AND a.local_date <= ?), 0)"
                + " - COALESCE((SELECT SUM(applied) FROM job_payments p WHERE p.job_id = j.id AND p.paid_on <= ?), 0)"
                + " + COALESCE((SELECT SUM(applied) FROM job_payment_reversals r WHERE r.job_id = j.id"
                + " AND r.local_date <= ?), 0)"
                + " FROM service_jobs j JOIN customers c ON c.id = j.customer_id WHERE j.service_date <= ?",
                new String[] {asOf, asOf, asOf, asOf}, rs -> {
                    long outstanding = rs.getLong(4);
                    if (outstanding <= 0) {
                        return;
                    }
                    names.put(rs.getString(1), rs.getString(2));
                    long[] v = byCustomer.computeIfAbsent(rs.getString(1), k -> new long[6]);
                    long age = ChronoUnit.DAYS.between(LocalDate.parse(rs.getString(3)), q.to());
                    v[0]++;
                    v[1] += outstanding;
                    v[age <= 30 ? 2 : age <= 60 ? 3 : age <= 90 ? 4 : 5] += outstanding;
                });
        long[] total = new long[6];
        List<Map<String, Object>> customers = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        byCustomer.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).forEach(e -> {
            long[] v = e.getValue();
            for (int i = 0; i < 6; i++) {
                total[i] += v[i];
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("customerId", e.getKey());
            m.put("name", names.get(e.getKey()));
            m.putAll(aging(v));
            customers.add(m);
            rows.add(List.of(names.get(e.getKey()), v[0], v[1], v[2], v[3], v[4], v[5]));
        });
        Map<String, Object> body = head(q, 0);
        body.remove("hq");
        body.put("asOf", asOf);
        body.put("customers", customers);
        Map<String, Object> totals = aging(total);
        totals.remove("jobs");
        body.put("totals", totals);
        return new Report(body, new ReportTable("Outstanding receivables", List.of("as of " + asOf + " (" + zone.getId()
                + "), amounts in " + currency, "age counted from the service date"), ReportColumns.RECEIVABLES, rows,
                List.of("Total", total[0], total[1], total[2], total[3], total[4], total[5])));
    }

    private static Map<String, Object> aging(long[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("jobs", v[0]);
        m.put("outstanding", v[1]);
        m.put("current", v[2]);
        m.put("days31to60", v[3]);
        m.put("days61to90", v[4]);
        m.put("over90", v[5]);
        return m;
    }

    // ---- a customer's statement: what was charged and paid, with the running balance

    private Report statement(Connection c, Query q) throws SQLException {
        String name;
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM customers WHERE id = ?")) {
            ps.setString(1, q.customer());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused(Refused.Kind.NOT_FOUND, "unknown-customer", "no customer with id " + q.customer());
                }
                name = rs.getString(1);
            }
        }
        record Line(String date, long seq, String kind, String ref, String description, long debit, long credit) {
            Statement.Line line() {
                return new Statement.Line(date, kind, ref, null, description, debit, credit);
            }
        }
        List<Line> lines = new ArrayList<>();
        String to = q.to().toString();
        String id = q.customer();
        rows(c, "SELECT service_date, created_seq, id, service_type, amount FROM service_jobs"
                + " WHERE customer_id = ? AND service_date <= ?", id, to, rs -> lines.add(new Line(rs.getString(1),
                rs.getLong(2), "JOB", rs.getString(3), rs.getString(4), rs.getLong(5), 0)));
        rows(c, "SELECT a.local_date, a.seq, a.id, a.reason, a.delta FROM job_adjustments a JOIN service_jobs j"
                + " ON j.id = a.job_id WHERE j.customer_id = ? AND a.local_date <= ?", id, to, rs -> lines.add(new Line(
                rs.getString(1), rs.getLong(2), "ADJUSTMENT", rs.getString(3), rs.getString(4),
                Math.max(0, rs.getLong(5)), Math.max(0, -rs.getLong(5)))));
        long[] storeCredit = {0};
        rows(c, "SELECT paid_on, seq, id, method, applied, store_credit, job_id FROM job_payments"
                + " WHERE customer_id = ? AND paid_on <= ?", id, to, rs -> {
                    storeCredit[0] += rs.getLong(6);
                    lines.add(new Line(rs.getString(1), rs.getLong(2), "PAYMENT", rs.getString(3), rs.getString(4)
                            + " for job " + rs.getString(7) + (rs.getLong(6) > 0 ? ", " + Money.format(rs.getLong(6))
                            + " kept as store credit" : ""), 0, rs.getLong(5)));
                });
        rows(c, "SELECT local_date, seq, id, reason, applied, store_credit, payment_id FROM job_payment_reversals"
                + " WHERE customer_id = ? AND local_date <= ?", id, to, rs -> {
                    storeCredit[0] -= rs.getLong(6);
                    lines.add(new Line(rs.getString(1), rs.getLong(2), "REVERSAL", rs.getString(3), "reversal of payment "
                            + rs.getString(7) + ": " + rs.getString(4), rs.getLong(5), 0));
                });
        lines.sort(java.util.Comparator.comparing(Line::date).thenComparingLong(Line::seq));
        Statement.Built st = Statement.build(lines.stream().map(Line::line).toList(), q.from(), false);
        Map<String, Object> body = head(q, 0);
        body.remove("hq");
        body.put("customer", Map.of("id", id, "name", name));
        body.put("opening", st.opening());
        body.put("lines", st.lines());
        body.put("closing", st.closing());
        body.put("storeCredit", storeCredit[0]);
        return new Report(body, new ReportTable("Statement for " + name, List.of(q.from() + " to " + q.to()
                + ", amounts in " + currency, "closing balance " + Money.format(st.closing()) + ", store credit from"
                + " overpayments " + Money.format(storeCredit[0])), ReportColumns.STATEMENT, st.rows(), null));
    }

    // ---- shared

    private Map<String, Object> head(Query q, long unacked) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("report", q.name());
        m.put("from", q.from().toString());
        m.put("to", q.to().toString());
        m.put("zone", zone.getId());
        m.put("currency", currency);
        m.put("generatedAt", clock.instant().toString());
        OptionalLong acked = ackedSeq.get();
        Map<String, Object> hq = new LinkedHashMap<>();
        hq.put("syncing", acked.isPresent());
        hq.put("ackedSeq", acked.isPresent() ? acked.getAsLong() : null);
        hq.put("unackedEntries", unacked);
        m.put("hq", hq);
        return m;
    }

    private List<String> about(Query q, long unacked) {
        return List.of(q.from() + " to " + q.to() + " (" + zone.getId() + "), amounts in " + currency + " as charged",
                ackedSeq.get().isPresent() ? unacked + " of the entries behind these figures are not yet acknowledged by HQ"
                        : "this box does not sync with HQ");
    }

    private static LocalDate required(String raw, String field, LocalDate earliest, LocalDate latest) {
        if (raw == null) {
            throw new Refused(Refused.Kind.INVALID, "invalid-parameter", field + " is required (yyyy-MM-dd)");
        }
        return BackOffice.date(raw, field, earliest, latest);
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private static void rows(Connection c, String sql, String a, String b, RowHandler handler) throws SQLException {
        rows(c, sql, new String[] {a, b}, handler);
    }

    private static void rows(Connection c, String sql, String a, String b, String d, RowHandler handler)
            throws SQLException {
        rows(c, sql, new String[] {a, b, d}, handler);
    }

    private static void rows(Connection c, String sql, String[] args, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }
}

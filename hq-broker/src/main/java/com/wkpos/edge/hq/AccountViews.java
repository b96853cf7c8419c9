package com.wkpos.edge.hq;

import com.wkpos.edge.hq.BackOfficeViews.Query;
import com.wkpos.edge.hq.BackOfficeViews.Report;
import com.wkpos.edge.protocol.report.Money;
import com.wkpos.edge.protocol.report.ReportColumns;
import com.wkpos.edge.protocol.report.ReportTable;
import com.wkpos.edge.protocol.report.Statement;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The customers' side of HQ's back-office reports: receivables by age as of a day, and a customer's statement
 * with its running balance, over the jobs, adjustments and payments of every branch in scope (a job is paid
 * and adjusted where it was made, so the tenant's job id ties them together).
 */
final class AccountViews {
    private AccountViews() {
    }

    /** Per customer: jobs with something outstanding as of {@code to}, aged from the service date (0-30, 31-60, 61-90, over 90 days). */
    static Report receivables(Connection c, Query q, Map<String, Object> head) throws SQLException {
        String asOf = q.to().toString();
        TreeMap<String, long[]> byCustomer = new TreeMap<>();
        Map<String, String> names = new HashMap<>();
        List<Object> params = new ArrayList<>(List.of(asOf, asOf, asOf));
        params.addAll(List.of(BackOfficeViews.params(q, asOf)));
        String customer = "";
        if (q.customer() != null) {
            customer = " AND j.customer_id = ?";
            params.add(q.customer());
        }
        BackOfficeViews.rows(c, "SELECT j.customer_id, j.customer_name, j.service_date, j.amount"
                + " + COALESCE((SELECT SUM(a.delta) FROM hq_job_adjustments a WHERE a.tenant = j.tenant"
                + " AND a.job_id = j.job_id AND a.local_date <= ?), 0)"
                + " - COALESCE((SELECT SUM(p.applied) FROM hq_job_payments p WHERE p.tenant = j.tenant"
                + " AND p.job_id = j.job_id AND p.paid_on <= ?), 0)"
                + " + COALESCE((SELECT SUM(r.applied) FROM hq_job_payment_reversals r WHERE r.tenant = j.tenant"
                + " AND r.job_id = j.job_id AND r.local_date <= ?), 0)"
                + " FROM hq_jobs j WHERE" + BackOfficeViews.scope(q, "j") + " AND j.service_date <= ?" + customer
                + " ORDER BY j.occurred_at", params.toArray(), rs -> {
                    long outstanding = rs.getLong(4);
                    if (outstanding <= 0) {
                        return;
                    }
                    if (rs.getString(2) != null) {
                        names.put(rs.getString(1), rs.getString(2));
                    }
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
            String name = names.getOrDefault(e.getKey(), e.getKey());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("customerId", e.getKey());
            m.put("name", name);
            m.putAll(aging(v));
            customers.add(m);
            rows.add(List.of(name, v[0], v[1], v[2], v[3], v[4], v[5]));
        });
        head.put("asOf", asOf);
        head.put("customers", customers);
        Map<String, Object> totals = aging(total);
        totals.remove("jobs");
        head.put("totals", totals);
        return new Report(head, new ReportTable("Outstanding receivables", BackOfficeViews.about(head,
                "as of " + asOf + ", age counted from the service date"), ReportColumns.RECEIVABLES, rows,
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


    private record Line(String date, Instant at, String device, long seq, String kind, String ref, String branch,
                        String description, long debit, long credit) {
        Statement.Line line() {
            return new Statement.Line(date, kind, ref, branch, description, debit, credit);
        }
    }

    /**
     * What a customer was charged and paid up to {@code to}: the balance brought forward from before {@code from},
     * a line per job, adjustment and payment with its branch and the running balance, the closing balance and the
     * store credit kept from overpayments.
     *
     * @throws HqApiException 404 when HQ knows no such customer of the tenant
     */
    static Report statement(Connection c, Query q, Map<String, Object> head) throws SQLException {
        List<Line> lines = new ArrayList<>();
        String to = q.to().toString();
        Object[] params = BackOfficeViews.params(q, q.customer(), to);
        String[] name = {null};
        BackOfficeViews.rows(c, "SELECT j.service_date, j.occurred_at, j.device_id, j.seq, j.job_id, j.branch,"
                + " j.service_type, j.amount, j.customer_name FROM hq_jobs j WHERE" + BackOfficeViews.scope(q, "j")
                + " AND j.customer_id = ? AND j.service_date <= ?", params, rs -> {
                    lines.add(new Line(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getLong(4),
                            "JOB", rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), 0));
                    name[0] = rs.getString(9) == null ? name[0] : rs.getString(9);
                });
        BackOfficeViews.rows(c, "SELECT a.local_date, a.occurred_at, a.device_id, a.seq, a.adjustment_id, a.branch,"
                + " a.reason, a.delta FROM hq_job_adjustments a WHERE" + BackOfficeViews.scope(q, "a")
                + " AND a.customer_id = ? AND a.local_date <= ?", params, rs -> lines.add(new Line(rs.getString(1),
                Instant.parse(rs.getString(2)), rs.getString(3), rs.getLong(4), "ADJUSTMENT", rs.getString(5),
                rs.getString(6), rs.getString(7), Math.max(0, rs.getLong(8)), Math.max(0, -rs.getLong(8)))));
        long[] storeCredit = {0};
        BackOfficeViews.rows(c, "SELECT p.paid_on, p.occurred_at, p.device_id, p.seq, p.payment_id, p.branch,"
                + " p.method, p.applied, p.store_credit, p.job_id FROM hq_job_payments p WHERE"
                + BackOfficeViews.scope(q, "p") + " AND p.customer_id = ? AND p.paid_on <= ?", params, rs -> {
                    storeCredit[0] += rs.getLong(9);
                    lines.add(new Line(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getLong(4),
                            "PAYMENT", rs.getString(5), rs.getString(6), rs.getString(7) + " for job " + rs.getString(10)
                            + (rs.getLong(9) > 0 ? ", " + Money.format(rs.getLong(9)) + " kept as store credit" : ""),
                            0, rs.getLong(8)));
                });
        BackOfficeViews.rows(c, "SELECT r.local_date, r.occurred_at, r.device_id, r.seq, r.reversal_id, r.branch,"
                + " r.reason, r.applied, r.store_credit, r.payment_id FROM hq_job_payment_reversals r WHERE"
                + BackOfficeViews.scope(q, "r") + " AND r.customer_id = ? AND r.local_date <= ?", params, rs -> {
                    storeCredit[0] -= rs.getLong(9);
                    lines.add(new Line(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getLong(4),
                            "REVERSAL", rs.getString(5), rs.getString(6), "reversal of payment " + rs.getString(10) + ": "
                            + rs.getString(7), rs.getLong(8), 0));
                });
        if (lines.isEmpty()) {
            Map<String, Object> known = HqViews.customer(c, q.tenant(), q.customer()).orElseThrow(() ->
                    new HqApiException(404, "unknown-customer", "HQ knows no customer " + q.customer() + " of tenant "
                            + q.tenant()));
            name[0] = known.get("fields") instanceof com.fasterxml.jackson.databind.JsonNode f && f.hasNonNull("name")
                    ? f.get("name").asText() : null;
        }
        lines.sort(Comparator.comparing(Line::date).thenComparing(Line::at).thenComparing(Line::device)
                .thenComparingLong(Line::seq));
        Statement.Built st = Statement.build(lines.stream().map(Line::line).toList(), q.from(), true);
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", q.customer());
        customer.put("name", name[0]);
        head.put("customer", customer);
        head.put("opening", st.opening());
        head.put("lines", st.lines());
        head.put("closing", st.closing());
        head.put("storeCredit", storeCredit[0]);
        return new Report(head, new ReportTable("Statement for " + (name[0] == null ? q.customer() : name[0]),
                BackOfficeViews.about(head, "closing balance " + Money.format(st.closing())
                + ", store credit from overpayments " + Money.format(storeCredit[0])), ReportColumns.STATEMENT_BY_BRANCH,
                st.rows(), null));
    }
}

package com.wkpos.edge.protocol.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * One day's (or month's) figures of the back-office daily and monthly reports, the same on the box and at
 * HQ so both answer the same columns with the same meaning: sales and refunds, jobs billed and adjusted,
 * payments received net of reversed ones (by method), expenses net of reversed ones. Amounts are minor units.
 */
public final class PeriodFigures {
    private long sales;
    private long salesAmount;
    private long refundsAmount;
    private long jobs;
    private long jobsAmount;
    private long adjustmentsAmount;
    private long payments;
    private long paymentsAmount;
    private long cashPayments;
    private long bankPayments;
    private long expenses;
    private long expensesAmount;

    public void sales(long count, long amount) {
        sales += count;
        salesAmount += amount;
    }

    public void refunds(long amount) {
        refundsAmount += amount;
    }

    public void jobs(long count, long amount) {
        jobs += count;
        jobsAmount += amount;
    }

    public void adjustments(long delta) {
        adjustmentsAmount += delta;
    }

    /** Payments received by {@code method} (CASH or BANK). */
    public void payments(String method, long count, long amount) {
        payments += count;
        money(method, amount);
    }

    /** Reversed payments: off the day they were reversed, as the ledger books them. */
    public void reversedPayments(String method, long amount) {
        money(method, -amount);
    }

    public void expenses(long count, long amount) {
        expenses += count;
        expensesAmount += amount;
    }

    public void reversedExpenses(long amount) {
        expensesAmount -= amount;
    }

    private void money(String method, long amount) {
        paymentsAmount += amount;
        if (method.equals("CASH")) {
            cashPayments += amount;
        } else {
            bankPayments += amount;
        }
    }

    public void add(PeriodFigures o) {
        sales += o.sales;
        salesAmount += o.salesAmount;
        refundsAmount += o.refundsAmount;
        jobs += o.jobs;
        jobsAmount += o.jobsAmount;
        adjustmentsAmount += o.adjustmentsAmount;
        payments += o.payments;
        paymentsAmount += o.paymentsAmount;
        cashPayments += o.cashPayments;
        bankPayments += o.bankPayments;
        expenses += o.expenses;
        expensesAmount += o.expensesAmount;
    }

    public Map<String, Object> daily() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sales", sales);
        m.put("salesAmount", salesAmount);
        m.put("refundsAmount", refundsAmount);
        m.put("jobs", jobs);
        m.put("jobsAmount", jobsAmount);
        m.put("adjustmentsAmount", adjustmentsAmount);
        m.put("payments", payments);
        m.put("paymentsAmount", paymentsAmount);
        m.put("cashPayments", cashPayments);
        m.put("bankPayments", bankPayments);
        m.put("expenses", expenses);
        m.put("expensesAmount", expensesAmount);
        return m;
    }

    /** Revenue is net sales plus service revenue (jobs and their adjustments); profit is revenue less expenses. */
    public Map<String, Object> monthly() {
        long salesNet = salesAmount - refundsAmount;
        long serviceRevenue = jobsAmount + adjustmentsAmount;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("salesNet", salesNet);
        m.put("serviceRevenue", serviceRevenue);
        m.put("revenue", salesNet + serviceRevenue);
        m.put("expenses", expensesAmount);
        m.put("profit", salesNet + serviceRevenue - expensesAmount);
        return m;
    }

    /** A report's periods as JSON rows and table rows under the columns' keys, with their totals. */
    public record Periods(List<Map<String, Object>> list, Map<String, Object> totals, List<List<Object>> rows,
                          List<Object> totalsRow) {
    }

    /**
     * One row per period (a day or a month: the first column) and the totals of all: each row's cells are
     * its JSON's values under the columns' keys.
     */
    public static <K> Periods periods(List<ReportTable.Column> columns, SortedMap<K, PeriodFigures> periods,
                                      Function<PeriodFigures, Map<String, Object>> fields) {
        String label = columns.getFirst().key();
        PeriodFigures total = new PeriodFigures();
        List<Map<String, Object>> out = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        periods.forEach((period, f) -> {
            total.add(f);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(label, period.toString());
            m.putAll(fields.apply(f));
            out.add(m);
            rows.add(cells(columns, m));
        });
        Map<String, Object> totals = new LinkedHashMap<>(fields.apply(total));
        totals.put(label, "Total");
        return new Periods(out, fields.apply(total), rows, cells(columns, totals));
    }

    private static List<Object> cells(List<ReportTable.Column> columns, Map<String, Object> values) {
        return columns.stream().map(c -> values.get(c.key())).toList();
    }

    /**
     * Whether every offset {@code zone} takes around the days is whole hours (true for Europe), so that
     * sales summed per UTC hour can be put on their local day.
     */
    public static boolean wholeHours(ZoneId zone, LocalDate from, LocalDate to) {
        var rules = zone.getRules();
        Instant t = from.minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        while (t != null && t.isBefore(end)) {
            if (rules.getOffset(t).getTotalSeconds() % 3600 != 0) {
                return false;
            }
            var next = rules.nextTransition(t);
            t = next == null ? null : next.getInstant();
        }
        return rules.getOffset(end).getTotalSeconds() % 3600 == 0;
    }
}

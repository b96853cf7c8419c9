package com.wkpos.edge.protocol.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cash-flow report's figures, the same at the box and at HQ: what each ledger transaction moved into
 * (inflow) or out of (outflow) the money accounts, per local day of the range and per kind of entry.
 */
public final class CashFlow {
    /** What the money accounts are, as the report says it. */
    public static final String ACCOUNTS = "cash, foreign cash, safe, card and mobile clearing, bank";
    private final TreeMap<LocalDate, long[]> days = new TreeMap<>();
    private final TreeMap<String, long[]> sources = new TreeMap<>();
    private long in;
    private long out;

    public CashFlow(LocalDate from, LocalDate to) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.put(d, new long[2]);
        }
    }

    /**
     * Counts one transaction's net movement of money on its local day.
     *
     * @return false (nothing counted) when the day is outside the range
     */
    public boolean add(LocalDate day, String source, long net) {
        long[] d = days.get(day);
        if (d == null) {
            return false;
        }
        int side = net > 0 ? 0 : 1;
        d[side] += Math.abs(net);
        sources.computeIfAbsent(source, k -> new long[2])[side] += Math.abs(net);
        if (net > 0) {
            in += net;
        } else {
            out -= net;
        }
        return true;
    }

    /** Puts {@code accounts}, {@code days}, {@code bySource} and {@code totals} into a report's JSON. */
    public void putInto(Map<String, Object> body) {
        List<Map<String, Object>> dayList = new ArrayList<>();
        days.forEach((day, v) -> dayList.add(flows("date", day.toString(), v)));
        List<Map<String, Object>> bySource = new ArrayList<>();
        sources.forEach((source, v) -> {
            Map<String, Object> m = flows("source", source, v);
            m.remove("net");
            bySource.add(m);
        });
        body.put("accounts", ACCOUNTS);
        body.put("days", dayList);
        body.put("bySource", bySource);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("inflow", in);
        totals.put("outflow", out);
        totals.put("net", in - out);
        body.put("totals", totals);
    }

    /** What each kind of entry moved in and out, for the report's lines saying what it covers. */
    public List<String> bySource() {
        List<String> lines = new ArrayList<>();
        sources.forEach((source, v) -> lines.add(source + ": in " + Money.format(v[0]) + ", out " + Money.format(v[1])));
        return lines;
    }

    public ReportTable table(List<String> about) {
        List<List<Object>> rows = new ArrayList<>();
        days.forEach((day, v) -> rows.add(List.of(day.toString(), v[0], v[1], v[0] - v[1])));
        return new ReportTable("Cash flow", about, ReportColumns.CASH_FLOW, rows, List.of("Total", in, out, in - out));
    }

    private static Map<String, Object> flows(String key, String value, long[] v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        m.put("inflow", v[0]);
        m.put("outflow", v[1]);
        m.put("net", v[0] - v[1]);
        return m;
    }
}

package com.wkpos.edge.hq;

import com.wkpos.edge.hq.BackOfficeViews.Query;
import com.wkpos.edge.hq.BackOfficeViews.Report;
import com.wkpos.edge.protocol.HybridLogicalClock;
import com.wkpos.edge.protocol.report.ReportColumns;
import com.wkpos.edge.protocol.report.ReportTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cash-flow report at HQ: per ledger transaction, what it moved into or out of the money accounts, summed per
 * day and per kind of entry.
 */
final class CashFlowView {
    /** The money accounts of the box's {@code Accounts.isMoney}: cash, foreign cash, safe, card/mobile clearing, bank. */
    static final String MONEY_SQL = "(l.account IN ('1000-CASH', '1090-SAFE', '1200-CARD-CLEARING',"
            + " '1210-MOBILE-CLEARING', '1800-BANK') OR l.account LIKE '1010-CASH-%')";

    private CashFlowView() {
    }

    /**
     * HQ's ledger rows carry no time of their own; a transaction is dated by its entry's HLC, the box's wall
     * clock when it journaled the entry (the same instant the box's ledger row holds, give or take the HLC's
     * drift bound).
     */
    static Report cashFlow(Connection c, Query q, Map<String, Object> head) throws SQLException {
        TreeMap<LocalDate, long[]> days = new TreeMap<>();
        for (LocalDate d = q.from(); !d.isAfter(q.to()); d = d.plusDays(1)) {
            days.put(d, new long[2]);
        }
        TreeMap<String, long[]> sources = new TreeMap<>();
        long fromHlc = HybridLogicalClock.pack(q.from().atStartOfDay(q.zone()).toInstant().toEpochMilli(), 0);
        long toHlc = HybridLogicalClock.pack(q.to().plusDays(1).atStartOfDay(q.zone()).toInstant().toEpochMilli(), 0);
        BackOfficeViews.rows(c, "SELECT MIN(x.hlc), x.type, SUM(l.debit - l.credit) FROM hq_ledger l JOIN hq_journal x"
                + " ON x.device_id = l.device_id AND x.seq = l.seq WHERE" + BackOfficeViews.scope(q, "x")
                + " AND x.hlc >= ? AND x.hlc < ? AND " + MONEY_SQL
                + " GROUP BY l.device_id, l.seq, l.txn_id, x.type HAVING SUM(l.debit - l.credit) <> 0",
                BackOfficeViews.params(q, fromHlc, toHlc), rs -> {
                    long[] day = days.get(Instant.ofEpochMilli(HybridLogicalClock.millis(rs.getLong(1))).atZone(q.zone()).toLocalDate());
                    long net = rs.getLong(3);
                    long[] source = sources.computeIfAbsent(rs.getString(2), k -> new long[2]);
                    int side = net > 0 ? 0 : 1;
                    day[side] += Math.abs(net);
                    source[side] += Math.abs(net);
                });
        long in = 0;
        long out = 0;
        List<Map<String, Object>> dayList = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        for (Map.Entry<LocalDate, long[]> d : days.entrySet()) {
            long[] v = d.getValue();
            in += v[0];
            out += v[1];
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("date", d.getKey().toString());
            m.put("inflow", v[0]);
            m.put("outflow", v[1]);
            m.put("net", v[0] - v[1]);
            dayList.add(m);
            rows.add(List.of(d.getKey().toString(), v[0], v[1], v[0] - v[1]));
        }
        List<Map<String, Object>> bySource = new ArrayList<>();
        sources.forEach((source, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", source);
            m.put("inflow", v[0]);
            m.put("outflow", v[1]);
            bySource.add(m);
        });
        head.put("accounts", "cash, foreign cash, safe, card and mobile clearing, bank");
        head.put("days", dayList);
        head.put("bySource", bySource);
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("inflow", in);
        totals.put("outflow", out);
        totals.put("net", in - out);
        head.put("totals", totals);
        return new Report(head, new ReportTable("Cash flow", BackOfficeViews.about(head,
                "money accounts: cash, foreign cash, safe, card and mobile clearing, bank"), ReportColumns.CASH_FLOW, rows,
                List.of("Total", in, out, in - out)));
    }
}

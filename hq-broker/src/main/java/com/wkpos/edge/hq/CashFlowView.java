package com.wkpos.edge.hq;

import com.wkpos.edge.hq.BackOfficeViews.Query;
import com.wkpos.edge.hq.BackOfficeViews.Report;
import com.wkpos.edge.protocol.HybridLogicalClock;
import com.wkpos.edge.protocol.report.CashFlow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

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
        CashFlow flow = new CashFlow(q.from(), q.to());
        long fromHlc = HybridLogicalClock.pack(q.from().atStartOfDay(q.zone()).toInstant().toEpochMilli(), 0);
        long toHlc = HybridLogicalClock.pack(q.to().plusDays(1).atStartOfDay(q.zone()).toInstant().toEpochMilli(), 0);
        BackOfficeViews.rows(c, "SELECT MIN(x.hlc), x.type, SUM(l.debit - l.credit) FROM hq_ledger l JOIN hq_journal x"
                + " ON x.device_id = l.device_id AND x.seq = l.seq WHERE" + BackOfficeViews.scope(q, "x")
                + " AND x.hlc >= ? AND x.hlc < ? AND " + MONEY_SQL
                + " GROUP BY l.device_id, l.seq, l.txn_id, x.type HAVING SUM(l.debit - l.credit) <> 0",
                BackOfficeViews.params(q, fromHlc, toHlc), rs -> flow.add(Instant.ofEpochMilli(
                        HybridLogicalClock.millis(rs.getLong(1))).atZone(q.zone()).toLocalDate(), rs.getString(2),
                        rs.getLong(3)));
        flow.putInto(head);
        return new Report(head, flow.table(BackOfficeViews.about(head, "money accounts: " + CashFlow.ACCOUNTS)));
    }
}

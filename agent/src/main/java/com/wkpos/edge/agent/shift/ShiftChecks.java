package com.wkpos.edge.agent.shift;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.ledger.Accounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code journal verify} checks of shifts and Z reports. */
final class ShiftChecks {
    private ShiftChecks() {
    }

    static List<JournalVerifier.Check> all() {
        return List.of(check("z-sequence", ShiftChecks::zSequence), check("z-totals", ShiftChecks::zTotals),
                check("drawer-cash", ShiftChecks::drawerCash));
    }

    private interface Body {
        Optional<JournalVerifier.Finding> run(String name, Connection c) throws SQLException;
    }

    private static JournalVerifier.Check check(String name, Body body) {
        return new JournalVerifier.Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<JournalVerifier.Finding> run(Connection c) throws SQLException {
                return body.run(name, c);
            }
        };
    }

    /** Z numbers run 1, 2, 3… with no gap, and each grand total is the previous one plus the Z's turnover. */
    private static Optional<JournalVerifier.Finding> zSequence(String name, Connection c) throws SQLException {
        long expectedNo = 1;
        long grand = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT z_no, seq, turnover, grand_total FROM z_reports ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getLong(1) != expectedNo) {
                    return finding(name, rs.getLong(2), "Z number " + rs.getLong(1) + " where " + expectedNo + " was due");
                }
                grand += rs.getLong(3);
                if (rs.getLong(4) != grand) {
                    return finding(name, rs.getLong(2), "Z " + expectedNo + " grand total " + rs.getLong(4)
                            + " is not the sum of Z turnovers " + grand);
                }
                expectedNo++;
            }
        }
        return Optional.empty();
    }

    /** Every Z's turnover, payments by method and tax by rate equal a recount of its period. */
    private static Optional<JournalVerifier.Finding> zTotals(String name, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT z_no, seq, from_seq, totals FROM z_reports ORDER BY seq");
             ResultSet rs = ps.executeQuery(); ReadContext ctx = new ReadContext(c)) {
            while (rs.next()) {
                JsonNode stored = CanonicalJson.read(rs.getString(4));
                Map<String, Object> recount = ZTotals.compute(ctx, rs.getLong(3) - 1, rs.getLong(2), sku -> "");
                JsonNode again = CanonicalJson.read(CanonicalJson.write(recount));
                for (String field : List.of("turnover", "salesTotal", "refundsTotal", "voidsTotal", "byMethod", "byTaxRate")) {
                    if (!stored.path(field).toString().equals(again.path(field).toString())) {
                        return finding(name, rs.getLong(2), "Z " + rs.getLong(1) + " " + field + " says "
                                + stored.path(field) + " but its period adds up to " + again.path(field));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The drawers' cash movements add up to the balance of the cash account. */
    private static Optional<JournalVerifier.Finding> drawerCash(String name, Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COALESCE(SUM(amount), 0) FROM drawer_moves),"
                + " (SELECT COALESCE(SUM(debit) - SUM(credit), 0) FROM ledger_entries WHERE account = ?),"
                + " (SELECT COALESCE(MAX(seq), 0) FROM journal)")) {
            ps.setString(1, Accounts.CASH);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != rs.getLong(2)) {
                    return finding(name, rs.getLong(3), "drawer movements add up to " + rs.getLong(1)
                            + " but the cash account holds " + rs.getLong(2));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<JournalVerifier.Finding> finding(String check, long seq, String detail) {
        return Optional.of(new JournalVerifier.Finding(check, seq, detail));
    }
}

package com.wkpos.edge.agent.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/** Compares a projection table in the live database with the same table rebuilt by replay, row by row. */
final class TableDiff {
    private TableDiff() {
    }

    static Optional<JournalVerifier.Finding> first(Projections.ProjectionTable table, Connection live,
                                                   Connection replayed) throws SQLException {
        String sql = "SELECT * FROM " + table.name() + " ORDER BY " + table.orderBy();
        try (PreparedStatement lp = live.prepareStatement(sql); ResultSet l = lp.executeQuery();
             PreparedStatement rp = replayed.prepareStatement(sql); ResultSet r = rp.executeQuery()) {
            ResultSetMetaData meta = l.getMetaData();
            int row = 0;
            while (true) {
                boolean hasLive = l.next();
                boolean hasReplayed = r.next();
                row++;
                if (!hasLive && !hasReplayed) {
                    return Optional.empty();
                }
                if (!hasReplayed) {
                    return finding(table, l.getLong(table.seqColumn()), "row " + row + " is not in the journal");
                }
                if (!hasLive) {
                    return finding(table, r.getLong(table.seqColumn()), "row " + row + " of the journal is missing");
                }
                for (int col = 1; col <= meta.getColumnCount(); col++) {
                    Object a = l.getObject(col);
                    Object b = r.getObject(col);
                    if (!Objects.equals(normalise(a), normalise(b))) {
                        // the later of the two entries is where live state and journal first part ways
                        long seq = Math.max(l.getLong(table.seqColumn()), r.getLong(table.seqColumn()));
                        return finding(table, seq, "row " + row + " column " + meta.getColumnName(col) + " is "
                                + abbreviate(a) + " but the journal says " + abbreviate(b));
                    }
                }
            }
        }
    }

    private static Object normalise(Object v) {
        return v instanceof Number n && !(v instanceof Double || v instanceof Float) ? n.longValue() : v;
    }

    private static String abbreviate(Object v) {
        String s = String.valueOf(v);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static Optional<JournalVerifier.Finding> finding(Projections.ProjectionTable table, long seq,
                                                              String detail) {
        return Optional.of(new JournalVerifier.Finding("projection " + table.name(), seq, detail));
    }
}

package com.wkpos.edge.protocol.report;

import java.util.List;

/**
 * A report as CSV, the same on the box and at HQ: RFC 4180 with CRLF, a header of column keys, the rows,
 * then the totals row when there is one. A text cell a spreadsheet would run as a formula ({@code = + @})
 * gets a leading quote mark.
 */
public final class ReportCsv {
    private ReportCsv() {
    }

    public static String write(ReportTable t) {
        return write(t.keys(), t.rows(), t.totals());
    }

    /** @param totals the totals row, or null */
    public static String write(List<String> keys, List<? extends List<?>> rows, List<?> totals) {
        StringBuilder s = new StringBuilder();
        line(s, keys);
        rows.forEach(r -> line(s, r));
        if (totals != null) {
            line(s, totals);
        }
        return s.toString();
    }

    private static void line(StringBuilder s, List<?> row) {
        for (int i = 0; i < row.size(); i++) {
            s.append(i == 0 ? "" : ",").append(quote(String.valueOf(row.get(i))));
        }
        s.append("\r\n");
    }

    private static String quote(String v) {
        String safe = !v.isEmpty() && "=+@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return safe.matches("[^\",\r\n]*") ? safe : "\"" + safe.replace("\"", "\"\"") + "\"";
    }
}

package com.wkpos.edge.hq;

import java.util.List;

/**
 * A report's figures as a table for CSV, the same layout as the box's CSV: a header of column keys, the rows,
 * then the totals row (null when the report has none). Money cells are {@code Long} minor units.
 */
record ReportTable(List<String> columns, List<List<Object>> rows, List<Object> totals) {
    ReportTable {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row has " + row.size() + " cells for " + columns.size() + " columns");
            }
        }
    }

    /** RFC 4180 with CRLF; a text cell a spreadsheet would run as a formula gets a leading quote mark. */
    String csv() {
        StringBuilder s = new StringBuilder();
        line(s, List.copyOf(columns));
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

package com.wkpos.edge.protocol.report;

import java.util.List;

/**
 * A report as a table, what its files are made from (CSV at the box and HQ, XLSX and PDF at the box) and what
 * a screen shows: a title, lines saying what it covers, columns, rows and a totals row (null when the report
 * has none). Money cells are {@code Long} minor units; counts are {@code Long}; everything else is text.
 */
public record ReportTable(String title, List<String> about, List<Column> columns, List<List<Object>> rows,
                          List<Object> totals) {
    public enum Kind { TEXT, COUNT, MONEY }

    public record Column(String key, String label, Kind kind) {
        public static Column text(String key, String label) {
            return new Column(key, label, Kind.TEXT);
        }

        public static Column count(String key, String label) {
            return new Column(key, label, Kind.COUNT);
        }

        public static Column money(String key, String label) {
            return new Column(key, label, Kind.MONEY);
        }
    }

    public List<String> keys() {
        return columns.stream().map(Column::key).toList();
    }

    public ReportTable {
        about = List.copyOf(about);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (List<Object> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + title + " has " + row.size() + " cells for "
                        + columns.size() + " columns");
            }
        }
    }
}

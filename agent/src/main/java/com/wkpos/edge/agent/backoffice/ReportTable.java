package com.wkpos.edge.agent.backoffice;

import java.util.List;

/**
 * A report as a table, the shape CSV, XLSX and PDF are made from: a title, lines saying what it covers, columns,
 * rows and a totals row (null when the report has none). Money cells are {@code Long} minor units; counts are
 * {@code Long}; everything else is text.
 */
public record ReportTable(String title, List<String> about, List<Column> columns, List<List<Object>> rows,
                          List<Object> totals) {
    public enum Kind { TEXT, COUNT, MONEY }

    public record Column(String key, String label, Kind kind) {
        static Column text(String key, String label) {
            return new Column(key, label, Kind.TEXT);
        }

        static Column count(String key, String label) {
            return new Column(key, label, Kind.COUNT);
        }

        static Column money(String key, String label) {
            return new Column(key, label, Kind.MONEY);
        }
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

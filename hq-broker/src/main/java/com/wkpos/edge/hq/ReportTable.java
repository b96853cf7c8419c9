package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.report.ReportCsv;
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

    /** As the box writes it ({@link ReportCsv}). */
    String csv() {
        return ReportCsv.write(columns, rows, totals);
    }
}

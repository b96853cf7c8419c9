package com.wkpos.edge.agent.fiscal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code index.xml}: a simplified description of the export's tables in the manner of the GDPdU index
 * that DSFinV-K uses (file, name, description, period, encoding, separators and each column with its
 * type). It is well-formed XML but not the official DSFinV-K index; the tables are a subset of DSFinV-K 2.x.
 */
final class DsfinvkIndex {
    private DsfinvkIndex() {
    }

    static byte[] of(List<DsfinvkTable> tables, String supplier, String till, String comment, LocalDate from,
                     LocalDate to, ZoneId zone) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<!-- Simplified index after the GDPdU index.xml of DSFinV-K; not the official one."
                + " The tables are a subset of DSFinV-K 2.x. -->\n");
        x.append("<DataSet>\n  <Version>1.0</Version>\n  <DataSupplier>\n");
        element(x, 4, "Name", supplier);
        element(x, 4, "Location", till);
        element(x, 4, "Comment", comment);
        x.append("  </DataSupplier>\n  <Media>\n");
        element(x, 4, "Name", "DSFinV-K " + from + " " + to);
        for (DsfinvkTable t : tables) {
            x.append("    <Table>\n");
            element(x, 6, "URL", t.file());
            element(x, 6, "Name", t.name());
            element(x, 6, "Description", t.description());
            x.append("      <Validity>\n        <Range>\n");
            element(x, 10, "From", from.toString());
            element(x, 10, "To", to.toString());
            x.append("        </Range>\n");
            element(x, 8, "Format", "YYYY-MM-DD");
            x.append("      </Validity>\n      <UTF8/>\n");
            element(x, 6, "DecimalSymbol", ",");
            element(x, 6, "DigitGroupingSymbol", ".");
            x.append("      <Range>\n        <From>2</From>\n      </Range>\n      <VariableLength>\n");
            element(x, 8, "ColumnDelimiter", ";");
            x.append("        <RecordDelimiter>&#13;&#10;</RecordDelimiter>\n");
            element(x, 8, "TextEncapsulator", "\"");
            for (DsfinvkTable.Column c : t.columns()) {
                column(x, c, zone);
            }
            x.append("      </VariableLength>\n    </Table>\n");
        }
        x.append("  </Media>\n</DataSet>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void column(StringBuilder x, DsfinvkTable.Column c, ZoneId zone) {
        x.append("        <VariableColumn>\n");
        element(x, 10, "Name", c.name());
        switch (c.type()) {
            case TEXT -> x.append("          <AlphaNumeric/>\n");
            case INTEGER -> x.append("          <Numeric/>\n");
            case AMOUNT, QUANTITY -> x.append("          <Numeric>\n            <Accuracy>").append(c.places())
                    .append("</Accuracy>\n          </Numeric>\n");
            case DATE -> {
                element(x, 10, "Description", dateFormat(c.name(), zone));
                x.append("          <AlphaNumeric/>\n");
            }
        }
        x.append("        </VariableColumn>\n");
    }

    private static String dateFormat(String column, ZoneId zone) {
        if (column.equals("Z_BUCHUNGSTAG")) {
            return "YYYY-MM-DD, the business day in " + zone.getId();
        }
        if (column.startsWith("TSE_TA_")) {
            return "ISO 8601 in UTC with milliseconds, as the TSE logged and signed it";
        }
        return "YYYY-MM-DDThh:mm:ss, local time in " + zone.getId();
    }

    private static void element(StringBuilder x, int indent, String name, String text) {
        x.append(" ".repeat(indent)).append('<').append(name).append('>').append(escape(text)).append("</")
                .append(name).append(">\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

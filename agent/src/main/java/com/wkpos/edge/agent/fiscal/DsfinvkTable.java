package com.wkpos.edge.agent.fiscal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One CSV file of the export as DSFinV-K writes them: UTF-8, {@code ;} between fields, CRLF after every
 * record, a header row of column names, text in double quotes (a quote inside doubled), amounts with a
 * decimal comma and a fixed number of places, empty fields for what is not known. Not thread-safe.
 */
final class DsfinvkTable {
    /** How a column's values are written (and described in {@code index.xml}). */
    enum Type { TEXT, INTEGER, AMOUNT, QUANTITY, DATE }

    record Column(String name, Type type) {
        /** Places after the decimal comma; 0 for anything but numbers with decimals. */
        int places() {
            return switch (type) {
                case AMOUNT -> 2;
                case QUANTITY -> 3;
                default -> 0;
            };
        }
    }

    private final String file;
    private final String name;
    private final String description;
    private final List<Column> columns;
    private final StringBuilder text = new StringBuilder();
    private int rows;

    /** @param columns {@code NAME:type} pairs, e.g. {@code UMS_BRUTTO:amount}; a bare name is text */
    DsfinvkTable(String file, String name, String description, String... columns) {
        this.file = file;
        this.name = name;
        this.description = description;
        this.columns = Arrays.stream(columns).map(DsfinvkTable::column).toList();
        List<String> header = new ArrayList<>();
        for (Column c : this.columns) {
            header.add(c.name());
        }
        text.append(String.join(";", header)).append("\r\n");
    }

    private static Column column(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return new Column(spec, Type.TEXT);
        }
        return new Column(spec.substring(0, colon), Type.valueOf(spec.substring(colon + 1).toUpperCase(java.util.Locale.ROOT)));
    }

    /**
     * Adds a record. Text columns take any value (written with {@code toString}), integers a {@code Long} or
     * {@code Integer}, amounts a {@code Long} of minor units, quantities a {@code Long} of thousandths,
     * dates a {@code String} as it is to appear; null is an empty field.
     *
     * @throws IllegalArgumentException for the wrong number of values or a value of the wrong kind
     */
    void add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException(file + ": " + values.length + " values for " + columns.size() + " columns");
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(';');
            }
            text.append(field(columns.get(i), values[i]));
        }
        text.append("\r\n");
        rows++;
    }

    private String field(Column c, Object v) {
        if (v == null) {
            return "";
        }
        return switch (c.type()) {
            case TEXT -> '"' + v.toString().replace("\"", "\"\"") + '"';
            case DATE -> v.toString();
            case INTEGER -> String.valueOf(number(c, v));
            case AMOUNT, QUANTITY -> decimal(number(c, v), c.places());
        };
    }

    private long number(Column c, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer n) {
            return n;
        }
        throw new IllegalArgumentException(file + ": column " + c.name() + " takes a number, was " + v);
    }

    /** {@code 1250} with 2 places is {@code 12,50}; {@code -5} is {@code -0,05}. */
    static String decimal(long units, int places) {
        long scale = (long) Math.pow(10, places);
        long abs = Math.abs(units);
        String fraction = String.valueOf(abs % scale);
        return (units < 0 ? "-" : "") + abs / scale + "," + "0".repeat(places - fraction.length()) + fraction;
    }

    String file() {
        return file;
    }

    String name() {
        return name;
    }

    String description() {
        return description;
    }

    List<Column> columns() {
        return columns;
    }

    int rows() {
        return rows;
    }

    byte[] bytes() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}

package com.wkpos.edge.agent.fiscal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** An export read back as an auditor's tool reads it: its files, and each CSV as records by column name. */
final class ExportZip {
    final Map<String, byte[]> files = new LinkedHashMap<>();

    ExportZip(Path zip) {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                files.put(e.getName(), z.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(String file) {
        byte[] bytes = files.get(file);
        if (bytes == null) {
            throw new AssertionError("the export has no " + file + "; it has " + files.keySet());
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    List<String> header(String file) {
        return fields(text(file).split("\r\n", -1)[0]);
    }

    /** The records of a CSV file, each by column name; text unquoted. */
    List<Map<String, String>> rows(String file) {
        String[] records = text(file).split("\r\n", -1);
        List<String> header = fields(records[0]);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 1; i < records.length; i++) {
            if (records[i].isEmpty() && i == records.length - 1) {
                continue;
            }
            List<String> f = fields(records[i]);
            if (f.size() != header.size()) {
                throw new AssertionError(file + " record " + i + " has " + f.size() + " fields, not " + header.size()
                        + ": " + records[i]);
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), f.get(c));
            }
            out.add(row);
        }
        return out;
    }

    /** Splits a record at {@code ;} outside quotes; a doubled quote inside quotes is one quote. */
    static List<String> fields(String record) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char ch = record.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ';') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        out.add(field.toString());
        return out;
    }

    /** {@code -12,50} as minor units. */
    static long cents(String amount) {
        if (!amount.matches("-?\\d+,\\d{2}")) {
            throw new AssertionError("not an amount with a decimal comma and two places: '" + amount + "'");
        }
        return Long.parseLong(amount.replace(",", ""));
    }
}

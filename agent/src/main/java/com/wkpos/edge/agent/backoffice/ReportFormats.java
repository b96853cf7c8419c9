package com.wkpos.edge.agent.backoffice;

import com.wkpos.edge.protocol.report.Money;
import com.wkpos.edge.protocol.report.ReportCsv;
import com.wkpos.edge.protocol.report.ReportTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A {@link ReportTable} as CSV (RFC 4180, amounts in minor units), XLSX (written as it goes, amounts as numbers
 * in the currency with two decimals) or PDF (A4 landscape, amounts as {@code 1.234,56}).
 */
public final class ReportFormats {
    public enum Format {
        JSON("application/json"), CSV("text/csv; charset=utf-8"),
        XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), PDF("application/pdf");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }

        public String extension() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private ReportFormats() {
    }

    public static void write(ReportTable t, Format format, OutputStream out) {
        try {
            switch (format) {
                case CSV -> csv(t, out);
                case XLSX -> xlsx(t, out);
                case PDF -> pdf(t, out);
                case JSON -> throw new IllegalArgumentException("JSON is the report's own body");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void csv(ReportTable t, OutputStream out) throws IOException {
        out.write(ReportCsv.write(t).getBytes(StandardCharsets.UTF_8));
    }

    static void xlsx(ReportTable t, OutputStream out) throws IOException {
        Workbook wb = new Workbook(out, "WK Edge", "1.0");
        Worksheet ws = wb.newWorksheet(t.title().length() > 31 ? t.title().substring(0, 31) : t.title());
        int r = 0;
        ws.value(r, 0, t.title());
        ws.style(r++, 0).bold().fontSize(14).set();
        for (String line : t.about()) {
            ws.value(r++, 0, line);
        }
        r++;
        for (int c = 0; c < t.columns().size(); c++) {
            ws.value(r, c, t.columns().get(c).label());
            ws.style(r, c).bold().set();
        }
        r++;
        for (List<Object> row : t.rows()) {
            cells(ws, t, r++, row, false);
        }
        if (t.totals() != null) {
            cells(ws, t, r, t.totals(), true);
        }
        wb.finish();
    }

    private static void cells(Worksheet ws, ReportTable t, int r, List<Object> row, boolean bold) {
        for (int c = 0; c < row.size(); c++) {
            Object v = row.get(c);
            switch (t.columns().get(c).kind()) {
                case MONEY -> {
                    ws.value(r, c, java.math.BigDecimal.valueOf(((Number) v).longValue(), 2));
                    var style = ws.style(r, c).format("#,##0.00");
                    (bold ? style.bold() : style).set();
                }
                case COUNT -> {
                    ws.value(r, c, ((Number) v).longValue());
                    if (bold) {
                        ws.style(r, c).bold().set();
                    }
                }
                case TEXT -> {
                    ws.value(r, c, String.valueOf(v));
                    if (bold) {
                        ws.style(r, c).bold().set();
                    }
                }
            }
        }
    }

    private static final float MARGIN = 36;
    private static final float LINE = 13;

    static void pdf(ReportTable t, OutputStream out) throws IOException {
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        PDRectangle landscape = new PDRectangle(PDRectangle.A4.getHeight(), PDRectangle.A4.getWidth());
        float width = landscape.getWidth() - 2 * MARGIN;
        int n = t.columns().size();
        // text columns take twice the room of figures
        float units = t.columns().stream().mapToInt(c -> c.kind() == ReportTable.Kind.TEXT ? 2 : 1).sum();
        float[] x = new float[n + 1];
        x[0] = MARGIN;
        for (int c = 0; c < n; c++) {
            x[c + 1] = x[c] + width * (t.columns().get(c).kind() == ReportTable.Kind.TEXT ? 2 : 1) / units;
        }
        float size = n > 8 ? 7.5f : 9;
        try (PDDocument doc = new PDDocument()) {
            Page page = new Page(doc, landscape);
            page.text(bold, 14, MARGIN, t.title());
            page.y -= 6;
            for (String line : t.about()) {
                page.text(regular, 9, MARGIN, line);
            }
            page.y -= 6;
            header(page, t, bold, size, x);
            for (List<Object> row : t.rows()) {
                if (page.y < MARGIN + LINE) {
                    page.close();
                    page = new Page(doc, landscape);
                    header(page, t, bold, size, x);
                }
                row(page, t, row, regular, size, x);
            }
            if (t.totals() != null) {
                row(page, t, t.totals(), bold, size, x);
            }
            page.close();
            doc.save(out);
        }
    }

    private static void header(Page page, ReportTable t, PDType1Font font, float size, float[] x) throws IOException {
        List<Object> labels = t.columns().stream().<Object>map(ReportTable.Column::label).toList();
        for (int c = 0; c < labels.size(); c++) {
            cell(page, font, size, x[c], x[c + 1], String.valueOf(labels.get(c)),
                    t.columns().get(c).kind() != ReportTable.Kind.TEXT);
        }
        page.y -= LINE;
    }

    private static void row(Page page, ReportTable t, List<Object> row, PDType1Font font, float size, float[] x)
            throws IOException {
        for (int c = 0; c < row.size(); c++) {
            ReportTable.Kind kind = t.columns().get(c).kind();
            String text = kind == ReportTable.Kind.MONEY ? Money.format(((Number) row.get(c)).longValue())
                    : String.valueOf(row.get(c));
            cell(page, font, size, x[c], x[c + 1], text, kind != ReportTable.Kind.TEXT);
        }
        page.y -= LINE;
    }

    /** One cell, cut to its column with an ellipsis, figures right-aligned. */
    private static void cell(Page page, PDType1Font font, float size, float left, float right, String text,
                             boolean alignRight) throws IOException {
        String s = printable(font, text);
        float room = right - left - 4;
        while (!s.isEmpty() && width(font, size, s) > room) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() < text.length() && s.length() > 1) {
            s = s.substring(0, s.length() - 1) + "…";
        }
        float at = alignRight ? right - 4 - width(font, size, s) : left;
        page.stream.beginText();
        page.stream.setFont(font, size);
        page.stream.newLineAtOffset(at, page.y);
        page.stream.showText(s);
        page.stream.endText();
    }

    private static float width(PDType1Font font, float size, String s) throws IOException {
        return font.getStringWidth(s) / 1000 * size;
    }

    /** The standard fonts cover Latin-1 and a few more; anything else prints as '?'. */
    private static String printable(PDType1Font font, String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            String ch = new String(Character.toChars(cp));
            try {
                font.encode(ch);
                s.append(ch);
            } catch (IOException | IllegalArgumentException e) {
                s.append('?');
            }
        });
        return s.toString();
    }

    /** A page being written, top to bottom. */
    private static final class Page {
        final PDPageContentStream stream;
        float y;

        Page(PDDocument doc, PDRectangle size) throws IOException {
            PDPage page = new PDPage(size);
            doc.addPage(page);
            stream = new PDPageContentStream(doc, page);
            y = size.getHeight() - MARGIN;
        }

        void text(PDType1Font font, float fontSize, float x, String text) throws IOException {
            stream.beginText();
            stream.setFont(font, fontSize);
            stream.newLineAtOffset(x, y);
            stream.showText(printable(font, text));
            stream.endText();
            y -= fontSize + 4;
        }

        void close() throws IOException {
            stream.close();
        }
    }
}

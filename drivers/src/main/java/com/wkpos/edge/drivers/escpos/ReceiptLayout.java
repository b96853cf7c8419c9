package com.wkpos.edge.drivers.escpos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

import com.github.anastaciocintra.escpos.EscPos;
import com.github.anastaciocintra.escpos.EscPosConst.Justification;
import com.github.anastaciocintra.escpos.Style;
import com.github.anastaciocintra.escpos.Style.ColorMode;
import com.github.anastaciocintra.escpos.Style.FontSize;
import com.github.anastaciocintra.escpos.barcode.QRCode;
import com.wkpos.edge.drivers.api.DeviceUri;

/**
 * Renders a {@link Receipt} to one ESC/POS job (escpos-coffee): initialise, select the code page, the
 * receipt, feed and a partial cut. Immutable and thread-safe; {@link #render} does no I/O.
 *
 * <p>The code page (default CP858, which has €) decides both how text is encoded and the
 * {@code ESC t n} table number sent; printers number their tables differently, so the number can be
 * overridden. With a page that has no € the amounts say EUR instead.
 */
public final class ReceiptLayout {
    private static final int FEED_BEFORE_CUT = 4;
    private static final int QR_MODULE_SIZE = 6;

    private final Columns columns;
    private final CodePage codePage;
    private final int codeTable;
    private final AmountFormat amounts;

    private ReceiptLayout(Columns columns, CodePage codePage, int codeTable, char decimalSeparator) {
        if (codeTable < 0 || codeTable > 255) {
            throw new IllegalArgumentException("code table must be 0..255, was " + codeTable);
        }
        this.columns = columns;
        this.codePage = codePage;
        this.codeTable = codeTable;
        this.amounts = new AmountFormat(decimalSeparator, codePage.charset().newEncoder().canEncode('€'));
    }

    /**
     * @param width    columns of the paper in font A: 48 on 80 mm paper, 42 on some models
     * @param codePage CP858 (default elsewhere), CP437, CP850, CP852, CP1252 or ISO8859_15
     */
    public static ReceiptLayout of(int width, String codePage) {
        CodePage page = CodePage.named(codePage);
        return new ReceiptLayout(new Columns(width), page, page.table(), ',');
    }

    /**
     * From the printer URI's options: {@code width} (48), {@code codepage} (CP858), {@code codetable}
     * (the page's Epson number) and {@code decimal} ({@code comma} or {@code point}).
     */
    public static ReceiptLayout forPrinter(DeviceUri uri) {
        ReceiptLayout layout = of(uri.intOption("width", 48), uri.option("codepage", "CP858"));
        char decimal = switch (uri.option("decimal", "comma")) {
            case "comma" -> ',';
            case "point" -> '.';
            default -> throw new IllegalArgumentException("option decimal of '" + uri + "' must be comma or point");
        };
        return new ReceiptLayout(layout.columns, layout.codePage, uri.intOption("codetable", layout.codeTable), decimal);
    }

    /** The same layout selecting the code page with table number {@code table} ({@code ESC t table}). */
    public ReceiptLayout withCodeTable(int table) {
        return new ReceiptLayout(columns, codePage, table, amounts.decimalSeparator());
    }

    public ReceiptLayout withDecimalSeparator(char separator) {
        return new ReceiptLayout(columns, codePage, codeTable, separator);
    }

    public int width() {
        return columns.width();
    }

    /** The complete job for one receipt, ending with a cut. */
    public byte[] render(Receipt receipt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (EscPos pos = new EscPos(out)) {
            pos.initializePrinter();
            pos.setPrinterCharacterTable(codeTable);
            pos.setCharsetName(codePage.charset().name());
            if (receipt.copy()) {
                copyBanner(pos);
            }
            header(pos, receipt);
            items(pos, receipt);
            totals(pos, receipt);
            payments(pos, receipt);
            taxes(pos, receipt);
            footer(pos, receipt);
            pos.feed(FEED_BEFORE_CUT);
            pos.cut(EscPos.CutMode.PART);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /**
     * A short slip that is not a sale (a pairing code, a confirmation): {@code big} printed large and
     * centred between the wrapped {@code before} and {@code after} lines, ending with a cut.
     */
    public byte[] renderSlip(List<String> before, String big, List<String> after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (EscPos pos = new EscPos(out)) {
            pos.initializePrinter();
            pos.setPrinterCharacterTable(codeTable);
            pos.setCharsetName(codePage.charset().name());
            for (String line : before) {
                for (String part : columns.wrap(line)) {
                    pos.writeLF(style(), part);
                }
            }
            pos.writeLF(style().setJustification(Justification.Center).setBold(true)
                    .setFontSize(FontSize._2, FontSize._2), big);
            for (String line : after) {
                for (String part : columns.wrap(line)) {
                    pos.writeLF(style(), part);
                }
            }
            pos.feed(FEED_BEFORE_CUT);
            pos.cut(EscPos.CutMode.PART);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** The complete job for a report or slip (X, Z, refund, void), ending with a cut. */
    public byte[] render(Report report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
        try (EscPos pos = new EscPos(out)) {
            pos.initializePrinter();
            pos.setPrinterCharacterTable(codeTable);
            pos.setCharsetName(codePage.charset().name());
            if (report.copy()) {
                copyBanner(pos);
            }
            header(pos, report.header());
            pos.writeLF(style().setJustification(Justification.Center).setBold(true)
                    .setFontSize(FontSize._1, FontSize._2), columns.fit(report.title()));
            pos.writeLF(style(), columns.rule('-'));
            for (Report.Row row : report.rows()) {
                row(pos, row, report.currency());
            }
            if (report.copy()) {
                pos.writeLF(style(), columns.rule('-'));
                copyBanner(pos);
            }
            pos.feed(FEED_BEFORE_CUT);
            pos.cut(EscPos.CutMode.PART);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private void row(EscPos pos, Report.Row row, String currency) throws IOException {
        switch (row) {
            case Report.Heading h -> pos.writeLF(style().setBold(true), columns.fit(h.text()));
            case Report.Text t -> {
                for (String line : columns.wrap(t.text())) {
                    pos.writeLF(style(), line);
                }
            }
            case Report.Amount a -> lines(pos, style().setBold(a.bold()),
                    columns.leftRight(a.label(), amounts.format(a.minor(), currency)));
            case Report.Rule r -> pos.writeLF(style(), columns.rule('-'));
            case Report.Qr q -> {
                pos.write(new QRCode().setSize(QR_MODULE_SIZE).setJustification(Justification.Center),
                        Columns.clean(q.data()));
                pos.feed(1);
            }
        }
    }

    private void copyBanner(EscPos pos) throws IOException {
        pos.writeLF(style().setJustification(Justification.Center).setBold(true).setColorMode(ColorMode.WhiteOnBlack)
                .setFontSize(FontSize._2, FontSize._2), "KOPIE / COPY");
        pos.writeLF(style().setJustification(Justification.Center), columns.fit("Kein Originalbeleg - not the original"));
    }

    private void header(EscPos pos, Receipt r) throws IOException {
        header(pos, r.header());
        Receipt.Meta m = r.meta();
        lines(pos, style().setBold(true), columns.leftRight("Beleg-Nr. " + m.number(), m.dateTime()));
        lines(pos, style(), columns.leftRight("Kasse", m.till()));
        for (String line : columns.wrap("Es bediente Sie: " + m.cashier())) {
            pos.writeLF(style(), line);
        }
        pos.writeLF(style(), columns.rule('-'));
    }

    private void header(EscPos pos, List<String> header) throws IOException {
        for (int i = 0; i < header.size(); i++) {
            Style s = style().setJustification(Justification.Center).setBold(i == 0);
            for (String line : columns.wrap(header.get(i))) {
                pos.writeLF(s, line);
            }
        }
        pos.writeLF(style(), columns.rule('='));
    }

    /** Each line: name and amount with its tax letter; quantity × unit price; its discounts. */
    private void items(EscPos pos, Receipt r) throws IOException {
        for (Receipt.Line line : r.lines()) {
            lines(pos, style(), columns.leftRight(line.name(), money(line.amount(), r) + " " + line.taxLetter()));
            if (line.quantity().compareTo(BigDecimal.ONE) != 0 || line.net()) {
                pos.writeLF(style(), columns.fit("  " + quantity(line.quantity()) + " x " + money(line.unitPrice(), r)
                        + (line.net() ? " netto" : "")));
            }
            for (Receipt.Adjustment a : line.adjustments()) {
                lines(pos, style(), columns.leftRight("  " + a.label(), money(a.amount(), r) + "  "));
            }
        }
        pos.writeLF(style(), columns.rule('-'));
    }

    /** Tax added to net-priced lines, rounding, then the total: every figure above it sums to it. */
    private void totals(EscPos pos, Receipt r) throws IOException {
        for (Receipt.TaxOnTop t : r.taxOnTop()) {
            lines(pos, style(), columns.leftRight("zzgl. MwSt " + t.letter() + " " + amounts.rate(t.rateBasisPoints())
                    + " auf " + money(t.net(), r), money(t.tax(), r) + "  "));
        }
        if (r.rounding() != 0) {
            lines(pos, style(), columns.leftRight("Rundung", money(r.rounding(), r) + "  "));
        }
        lines(pos, style().setBold(true).setFontSize(FontSize._1, FontSize._2),
                columns.leftRight("SUMME", money(r.total(), r) + "  "));
        pos.writeLF(style(), columns.rule('-'));
    }

    private void payments(EscPos pos, Receipt r) throws IOException {
        for (Receipt.Payment p : r.payments()) {
            lines(pos, style(), columns.leftRight(p.method(), money(p.amount(), r) + "  "));
            if (p.detail() != null) {
                for (String line : columns.wrap("  " + p.detail())) {
                    pos.writeLF(style(), line);
                }
            }
        }
        if (r.change() != 0) {
            lines(pos, style().setBold(true), columns.leftRight("Rückgeld", money(r.change(), r) + "  "));
        }
        pos.writeLF(style(), columns.rule('-'));
    }

    private void taxes(EscPos pos, Receipt r) throws IOException {
        int amountWidth = (columns.width() - 10) / 3;
        List<Integer> widths = List.of(8, amountWidth, amountWidth, amountWidth);
        pos.writeLF(style(), columns.row("MwSt", List.of("Satz", "Netto", "Steuer", "Brutto"), widths));
        for (Receipt.TaxRow t : r.taxes()) {
            pos.writeLF(style(), columns.row(t.letter(), List.of(amounts.rate(t.rateBasisPoints()),
                    money(t.net(), r), money(t.tax(), r), money(t.gross(), r)), widths));
        }
        pos.writeLF(style(), columns.rule('-'));
    }

    private void fiscal(EscPos pos, Receipt r) throws IOException {
        switch (r.fiscal()) {
            case null -> { }
            case Receipt.Signed s -> {
                lines(pos, style(), columns.leftRight("TSE-Transaktion", String.valueOf(s.transactionNumber())));
                lines(pos, style(), columns.leftRight("TSE-Signaturzähler", String.valueOf(s.signatureCounter())));
                lines(pos, style(), columns.leftRight("TSE-Start", s.start()));
                lines(pos, style(), columns.leftRight("TSE-Ende", s.finish()));
                for (String line : columns.wrap("TSE-Seriennummer " + s.tseSerial())) {
                    pos.writeLF(style(), line);
                }
                for (String line : columns.wrap("Kassen-Seriennummer " + s.clientId())) {
                    pos.writeLF(style(), line);
                }
            }
            case Receipt.Unavailable u -> {
                pos.writeLF(style().setBold(true), columns.fit("TSE ausgefallen"));
                for (String line : columns.wrap("Die Sicherheitseinrichtung war nicht erreichbar: " + u.reason())) {
                    pos.writeLF(style(), line);
                }
            }
        }
    }

    private void footer(EscPos pos, Receipt r) throws IOException {
        fiscal(pos, r);
        if (r.qrData() != null) {
            pos.feed(1);
            pos.write(new QRCode().setSize(QR_MODULE_SIZE).setJustification(Justification.Center), Columns.clean(r.qrData()));
            pos.feed(1);
        }
        if (!r.cardSlip().isEmpty()) {
            pos.writeLF(style(), columns.rule('-'));
            pos.writeLF(style().setBold(true), columns.fit("Kartenzahlung - Kundenbeleg"));
            for (String line : r.cardSlip()) {
                for (String part : columns.verbatim(line)) {
                    pos.writeLF(style(), part);
                }
            }
        }
        if (!r.footer().isEmpty()) {
            pos.writeLF(style(), columns.rule('-'));
            Style center = style().setJustification(Justification.Center);
            for (String text : r.footer()) {
                for (String line : columns.wrap(text)) {
                    pos.writeLF(center, line);
                }
            }
        }
        if (r.copy()) {
            pos.writeLF(style(), columns.rule('-'));
            copyBanner(pos);
        }
    }

    private static void lines(EscPos pos, Style style, List<String> lines) throws IOException {
        for (String line : lines) {
            pos.writeLF(style, line);
        }
    }

    private String money(long minor, Receipt r) {
        return amounts.format(minor, r.currency());
    }

    private String quantity(BigDecimal q) {
        return q.stripTrailingZeros().toPlainString().replace('.', amounts.decimalSeparator());
    }

    private static Style style() {
        return new Style();
    }
}

package com.wkpos.edge.drivers.escpos;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Draws a decoded receipt as a PNG, monospace black on white, the way the paper shows it: a line
 * that is a printed symbol ({@code [QR: data]}, {@code [BARCODE: data]}, as {@link Symbols} marks
 * them) is drawn as that QR code or CODE 128 barcode, centred; one that cannot be encoded stays
 * text. Works headless. Stateless.
 */
final class ReceiptPng {
    private static final Font FONT = new Font(Font.MONOSPACED, Font.PLAIN, 16);
    private static final int MARGIN = 16;
    /** A QR code's side as a share of the paper's width; error correction M as the printer uses. */
    private static final double QR_SHARE = 0.6;
    private static final int QR_QUIET_MODULES = 4;
    private static final int BARCODE_HEIGHT = 60;
    private static final Map<EncodeHintType, Object> QR_HINTS = Map.of(
            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
            EncodeHintType.MARGIN, QR_QUIET_MODULES,
            EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());

    private ReceiptPng() {
    }

    static void write(String text, int columns, Path file) throws IOException {
        FontMetrics metrics = metrics();
        int cell = metrics.charWidth('M');
        List<Row> rows = new ArrayList<>();
        int widest = columns;
        for (String line : text.split("\n", -1)) {
            BitMatrix symbol = symbol(line.strip(), columns * cell);
            if (symbol == null) {
                rows.add(new Row(line, null, metrics.getHeight()));
                widest = Math.max(widest, line.length());
            } else {
                rows.add(new Row(line, symbol, symbol.getHeight() + metrics.getHeight() / 2));
            }
        }
        int paper = widest * cell;
        int width = paper + 2 * MARGIN;
        int height = 2 * MARGIN;
        for (Row row : rows) {
            height += row.height();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(FONT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int y = MARGIN;
            for (Row row : rows) {
                if (row.symbol() == null) {
                    g.drawString(row.text(), MARGIN, y + metrics.getAscent());
                } else {
                    draw(g, row.symbol(), MARGIN + (paper - row.symbol().getWidth()) / 2, y);
                }
                y += row.height();
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("this JDK has no PNG writer");
        }
    }

    /** One line of the receipt: text, or a symbol's modules scaled to pixels. */
    private record Row(String text, BitMatrix symbol, int height) {
    }

    /** The symbol a marker line stands for, or null when it is text or its data cannot be encoded. */
    static BitMatrix symbol(String line, int paper) {
        try {
            if (line.startsWith("[QR: ") && line.endsWith("]")) {
                String data = line.substring(5, line.length() - 1);
                if (data.isEmpty()) {
                    return null;
                }
                int side = (int) (paper * QR_SHARE);
                BitMatrix modules = new QRCodeWriter().encode(data, BarcodeFormat.QR_CODE, 0, 0, QR_HINTS);
                int scale = Math.max(1, side / modules.getWidth());
                return scaled(modules, scale, scale);
            }
            if (line.startsWith("[BARCODE: ") && line.endsWith("]")) {
                String data = line.substring(10, line.length() - 1);
                if (data.isEmpty()) {
                    return null;
                }
                BitMatrix bars = new Code128Writer().encode(data, BarcodeFormat.CODE_128, 0, 1,
                        Map.of(EncodeHintType.MARGIN, 10));
                int scale = Math.max(1, paper / bars.getWidth());
                return bars.getWidth() > paper ? null : scaled(bars, scale, BARCODE_HEIGHT);
            }
        } catch (WriterException | IllegalArgumentException tooMuchOrUnencodable) {
            return null;
        }
        return null;
    }

    /** Each module as a block of {@code sx} by {@code sy} pixels (a barcode's one row stretches to its height). */
    private static BitMatrix scaled(BitMatrix modules, int sx, int sy) {
        BitMatrix out = new BitMatrix(modules.getWidth() * sx, modules.getHeight() * sy);
        for (int y = 0; y < modules.getHeight(); y++) {
            for (int x = 0; x < modules.getWidth(); x++) {
                if (modules.get(x, y)) {
                    out.setRegion(x * sx, y * sy, sx, sy);
                }
            }
        }
        return out;
    }

    private static void draw(Graphics2D g, BitMatrix symbol, int left, int top) {
        for (int y = 0; y < symbol.getHeight(); y++) {
            int x = 0;
            while (x < symbol.getWidth()) {
                if (!symbol.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < symbol.getWidth() && symbol.get(x, y)) {
                    x++;
                }
                g.fillRect(left + start, top + y, x - start, 1);
            }
        }
    }

    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY).createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }
}

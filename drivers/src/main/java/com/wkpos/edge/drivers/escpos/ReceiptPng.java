package com.wkpos.edge.drivers.escpos;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Draws a decoded receipt's text as a PNG, monospace black on white. Works headless. Stateless. */
final class ReceiptPng {
    private static final Font FONT = new Font(Font.MONOSPACED, Font.PLAIN, 16);
    private static final int MARGIN = 16;

    private ReceiptPng() {
    }

    static void write(String text, int columns, Path file) throws IOException {
        String[] lines = text.split("\n", -1);
        int widest = columns;
        for (String line : lines) {
            widest = Math.max(widest, line.length());
        }
        FontMetrics metrics = metrics();
        int width = widest * metrics.charWidth('M') + 2 * MARGIN;
        int height = lines.length * metrics.getHeight() + 2 * MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(FONT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int i = 0; i < lines.length; i++) {
                g.drawString(lines[i], MARGIN, MARGIN + metrics.getAscent() + i * metrics.getHeight());
            }
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("this JDK has no PNG writer");
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

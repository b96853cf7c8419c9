package com.wkpos.edge.drivers.escpos;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The simulated paper of one connection: the text printed since the last cut, as lines, laid out on
 * {@code columns} character cells. Double-width characters take two cells when a line is aligned.
 * Not thread-safe: one connection's decoder owns it.
 */
final class Paper {
    /** Where printed paper goes: cut receipts, and pieces left when paper ran out or the link dropped. */
    interface Tray {
        boolean paperOut();

        void receipt(String text);

        void torn(String text);
    }

    private final int columns;
    private final Tray tray;
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder line = new StringBuilder();
    private int cells;
    private int alignment;
    private int charWidth = 1;

    Paper(int columns, Tray tray) {
        this.columns = columns;
        this.tray = tray;
    }

    /** 0 left, 1 centre, 2 right ({@code ESC a}); applies to the line when it is printed. */
    void align(int alignment) {
        this.alignment = alignment;
    }

    void charWidth(int width) {
        this.charWidth = Math.max(1, width);
    }

    void print(char c) {
        if (printing()) {
            line.append(c);
            cells += charWidth;
        }
    }

    void tab() {
        int stop = (cells / 8 + 1) * 8;
        while (cells < stop && printing()) {
            print(' ');
        }
    }

    void feed() {
        if (printing()) {
            lines.add(aligned());
            line.setLength(0);
            cells = 0;
        }
    }

    /** A thing printed that is not text (QR code, image) as a line of its own, e.g. {@code [QR: 42]}. */
    void mark(String what) {
        if (!printing()) {
            return;
        }
        if (!line.isEmpty()) {
            feed();
        }
        if (lines.isEmpty() || !lines.getLast().strip().equals(what)) {
            line.append(what);
            cells = what.length();
            feed();
        }
    }

    /** Ends the receipt: everything since the last cut, trailing blank lines dropped. */
    void cut() {
        if (!printing()) {
            clear();
            return;
        }
        if (!line.isEmpty()) {
            feed();
        }
        while (!lines.isEmpty() && lines.getLast().isBlank()) {
            lines.removeLast();
        }
        tray.receipt(String.join("\n", lines));
        clear();
    }

    /** The link is gone: what was printed since the last cut hangs out of the printer uncut. */
    void tear() {
        hand(tray::torn);
    }

    private boolean printing() {
        if (tray.paperOut()) {
            hand(tray::torn);
            return false;
        }
        return true;
    }

    private void hand(Consumer<String> where) {
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        if (!lines.isEmpty()) {
            where.accept(String.join("\n", lines));
        }
        clear();
    }

    private void clear() {
        lines.clear();
        line.setLength(0);
        cells = 0;
    }

    private String aligned() {
        int free = Math.max(0, columns - cells);
        int pad = switch (alignment) {
            case 1 -> free / 2;
            case 2 -> free;
            default -> 0;
        };
        return " ".repeat(pad) + line;
    }
}

package com.wkpos.edge.drivers.escpos;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays text out on a fixed number of monospace columns. Text is cleaned of control characters first,
 * so a product name can never smuggle an ESC/POS command (a drawer kick, a status query) into a job.
 * Immutable.
 */
record Columns(int width) {

    Columns {
        if (width < 24 || width > 80) {
            throw new IllegalArgumentException("receipt width must be 24..80 columns (42 or 48 are usual), was " + width);
        }
    }

    /**
     * {@code left} and {@code right} on one line, or left word-wrapped over lines and right on the last
     * one where it fits, else on a line of its own. An indented {@code left} (a discount under its item)
     * keeps its indent on every line it wraps to.
     */
    List<String> leftRight(String left, String right) {
        String l = clean(left);
        String r = clean(right);
        if (l.length() + 1 + r.length() <= width) {
            return List.of(l + " ".repeat(width - l.length() - r.length()) + r);
        }
        String body = l.stripLeading();
        String indent = " ".repeat(Math.min(l.length() - body.length(), width / 4));
        List<String> out = new ArrayList<>();
        for (String line : wrap(body, width - indent.length())) {
            out.add(indent + line);
        }
        String last = out.getLast();
        if (last.length() + 1 + r.length() <= width) {
            out.set(out.size() - 1, last + " ".repeat(width - last.length() - r.length()) + r);
        } else {
            out.add(" ".repeat(Math.max(0, width - r.length())) + fit(r));
        }
        return out;
    }

    /**
     * A line formatted by someone else (the card terminal's slip): kept as it is, inner spacing and all,
     * when it fits; word-wrapped only when it is wider than the paper.
     */
    List<String> verbatim(String text) {
        String t = clean(text).stripTrailing();
        return t.length() <= width ? List.of(t) : wrap(t);
    }

    /**
     * Word-wraps text at {@code width} columns: lines break at spaces, so a number or a word is never
     * split; only a word longer than a whole line is cut.
     */
    List<String> wrap(String text) {
        return wrap(text, width);
    }

    private static List<String> wrap(String text, int width) {
        String t = clean(text).strip();
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : t.split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                out.add(line.toString());
                line.setLength(0);
            }
            while (word.length() > width) {
                if (!line.isEmpty()) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, width));
                word = word.substring(width);
            }
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(word);
        }
        if (!line.isEmpty()) {
            out.add(line.toString());
        }
        return out.isEmpty() ? List.of("") : out;
    }

    /**
     * One table row: the first cell left-aligned in whatever the others leave, the others right-aligned
     * in their widths.
     */
    String row(String first, List<String> cells, List<Integer> widths) {
        StringBuilder right = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = clean(cells.get(i));
            right.append(" ".repeat(Math.max(0, widths.get(i) - c.length()))).append(c);
        }
        int room = Math.max(0, width - right.length());
        String f = clean(first);
        f = f.length() > room ? f.substring(0, room) : f + " ".repeat(room - f.length());
        return f + right;
    }

    String rule(char c) {
        return String.valueOf(c).repeat(width);
    }

    String fit(String text) {
        String t = clean(text);
        return t.length() > width ? t.substring(0, width) : t;
    }

    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) ? ' ' : cp));
        return out.toString();
    }
}

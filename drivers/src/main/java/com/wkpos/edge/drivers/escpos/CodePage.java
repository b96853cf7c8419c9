package com.wkpos.edge.drivers.escpos;

import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Locale;

/**
 * The single-byte code pages receipts are printed in: the Java charset that encodes the text and the
 * {@code ESC t n} table number that selects it. The numbers are Epson's; other printers number their
 * tables differently, which is why the layout lets the table number be overridden.
 */
enum CodePage {
    CP437(0, "IBM437"),
    CP850(2, "IBM850"),
    CP858(19, "IBM00858"),
    CP852(18, "IBM852"),
    CP1252(16, "windows-1252"),
    ISO8859_15(40, "ISO-8859-15");

    private final int table;
    private final Charset charset;
    private final char[] decoded;

    CodePage(int table, String charset) {
        this.table = table;
        this.charset = Charset.forName(charset);
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        this.decoded = new String(all, this.charset).toCharArray();
    }

    int table() {
        return table;
    }

    Charset charset() {
        return charset;
    }

    /** The character a byte prints as in this page. */
    char decode(int b) {
        return decoded[b & 0xFF];
    }

    /** @throws IllegalArgumentException naming the known pages */
    static CodePage named(String name) {
        String key = name.toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(p -> p.name().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown code page " + name + "; use one of "
                        + Arrays.toString(values())));
    }

    /** The page an {@code ESC t n} selects on an Epson-numbered printer; CP437 for unknown tables. */
    static CodePage ofTable(int table) {
        return Arrays.stream(values()).filter(p -> p.table == table).findFirst().orElse(CP437);
    }
}

package com.wkpos.edge.drivers.escpos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The simulator's view of codes and images: it does not draw them, it records what would be printed
 * ({@code [QR: data]}, {@code [BARCODE: data]}, {@code [image WxH]}) and consumes exactly their bytes so
 * decoding stays in step. Not thread-safe; owned by one {@link EscPosDecoder}.
 */
final class Symbols {
    private static final int STORE = 80;
    private static final int PRINT = 81;
    private static final int QR = 49;
    private static final int PDF417 = 48;

    private final EscPosDecoder decoder;
    private final Paper paper;
    private final Map<Integer, String> storedSymbols = new HashMap<>();
    private String storedImage = "[image]";

    Symbols(EscPosDecoder decoder, Paper paper) {
        this.decoder = decoder;
        this.paper = paper;
    }

    /** {@code GS ( fn pL pH payload}: two-byte length, then the function's parameters. */
    void extended(int fn) throws IOException {
        int length = decoder.next() | decoder.next() << 8;
        payload(fn, decoder.next(length));
    }

    /** {@code GS 8 L p1..p4 payload}: the same as {@code GS ( L} with a four-byte length. */
    void large(int fn) throws IOException {
        byte[] size = decoder.next(4);
        long length = (size[0] & 0xFFL) | (size[1] & 0xFFL) << 8 | (size[2] & 0xFFL) << 16 | (size[3] & 0xFFL) << 24;
        if (length > Integer.MAX_VALUE) {
            throw new IOException("GS 8 " + (char) fn + " of " + length + " bytes is more than any printer takes");
        }
        payload(fn, decoder.next((int) length));
    }

    /** {@code GS v 0 m xL xH yL yH data}: a raster image x bytes wide and y dots high. */
    void raster(int variant) throws IOException {
        decoder.next();
        int widthBytes = decoder.next() | decoder.next() << 8;
        int height = decoder.next() | decoder.next() << 8;
        decoder.skip((long) widthBytes * height);
        paper.mark("[image " + widthBytes * 8 + "x" + height + "]");
    }

    /** {@code ESC * m nL nH data}: one band of a bit image, 8 or 24 dots high. */
    void bitImage() throws IOException {
        int mode = decoder.next();
        int dots = decoder.next() | decoder.next() << 8;
        decoder.skip(mode <= 1 ? dots : dots * 3L);
        paper.mark("[image]");
    }

    /** {@code GS k m ...}: m 0..6 data up to NUL; m 65..73 a length byte, then data. */
    void barcode() throws IOException {
        int system = decoder.next();
        byte[] data;
        if (system <= 6) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b = decoder.next(); b != 0; b = decoder.next()) {
                out.write(b);
            }
            data = out.toByteArray();
        } else {
            data = decoder.next(decoder.next());
        }
        paper.mark("[BARCODE: " + EscPosDecoder.text(data) + "]");
    }

    private void payload(int fn, byte[] p) {
        if (p.length < 2) {
            return;
        }
        if (fn == 'k') {
            symbol(p[0] & 0xFF, p[1] & 0xFF, p);
        } else if (fn == 'L') {
            image(p[1] & 0xFF, p);
        }
    }

    private void symbol(int kind, int function, byte[] p) {
        if (function == STORE && p.length >= 3) {
            storedSymbols.put(kind, EscPosDecoder.text(Arrays.copyOfRange(p, 3, p.length)));
        } else if (function == PRINT) {
            String name = kind == QR ? "QR" : kind == PDF417 ? "PDF417" : "SYMBOL";
            paper.mark("[" + name + ": " + storedSymbols.getOrDefault(kind, "") + "]");
        }
    }

    /** fn 112 stores a raster graphic (xL xH yL yH at offset 6), fn 50 or 2 prints the stored one. */
    private void image(int function, byte[] p) {
        if (function == 112 && p.length >= 10) {
            int width = (p[6] & 0xFF) | (p[7] & 0xFF) << 8;
            int height = (p[8] & 0xFF) | (p[9] & 0xFF) << 8;
            storedImage = "[image " + width + "x" + height + "]";
        } else if (function == 50 || function == 2) {
            paper.mark(storedImage);
        }
    }
}

package com.wkpos.edge.drivers.escpos;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an ESC/POS byte stream back into what a printer would put on paper: text (in the code page
 * {@code ESC t} selected), cuts, QR codes as {@code [QR: data]}, images as {@code [image WxH]}, and
 * calls back for drawer kicks and {@code DLE EOT} status queries. Commands it does not know show as
 * {@code [ESC 0x..]} and take no parameters. Not thread-safe; {@link #run} blocks reading until EOF.
 */
final class EscPosDecoder {
    /** What the decoder needs from the simulated printer. */
    interface Host {
        /** Answers {@code DLE EOT n} with one status byte. */
        void status(int n) throws IOException;

        void kick(int pin);

        /** {@code bytes} of printing commands were processed (paper is used up by these). */
        void consumed(int bytes);
    }

    private static final int HT = 0x09, LF = 0x0A, CR = 0x0D, DLE = 0x10, ESC = 0x1B, FS = 0x1C, GS = 0x1D;

    private final InputStream in;
    private final Paper paper;
    private final Host host;
    private final Symbols symbols;
    private CodePage codePage = CodePage.CP437;
    private int read;

    EscPosDecoder(InputStream in, Paper paper, Host host) {
        this.in = in;
        this.paper = paper;
        this.host = host;
        this.symbols = new Symbols(this, paper);
    }

    /** Decodes until the stream ends; a stream that ends inside a command ends the same way. */
    void run() throws IOException {
        int b;
        while ((b = in.read()) >= 0) {
            read = 1;
            if (b == DLE) {
                realtime();
            } else {
                command(b);
                host.consumed(read);
            }
        }
    }

    /** The next byte of the current command. */
    int next() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a command");
        }
        read++;
        return b;
    }

    /**
     * The next {@code n} bytes of the current command. Grows with what arrives, so a length field that
     * announces more than the job holds ends at the end of the stream instead of reserving it all up front.
     */
    byte[] next(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 8192));
        for (int i = 0; i < n; i++) {
            out.write(next());
        }
        return out.toByteArray();
    }

    /** Reads past the next {@code n} bytes of the current command (image data the simulator does not keep). */
    void skip(long n) throws IOException {
        for (long i = 0; i < n; i++) {
            next();
        }
    }

    private void command(int b) throws IOException {
        switch (b) {
            case LF -> paper.feed();
            case HT -> paper.tab();
            case ESC -> esc(next());
            case GS -> gs(next());
            case FS -> fs(next());
            case CR -> { }
            default -> {
                if (b >= 0x20) {
                    paper.print(codePage.decode(b));
                }
            }
        }
    }

    private void realtime() throws IOException {
        int fn = next();
        switch (fn) {
            case 0x04 -> host.status(next());
            case 0x05 -> next();
            case 0x14 -> {
                int kind = next();
                if (kind == 1) {
                    host.kick(next() == 0 ? 2 : 5);
                    next();
                } else {
                    next(kind == 8 ? 7 : 2);
                }
            }
            default -> paper.mark(String.format("[DLE 0x%02X]", fn));
        }
    }

    private void esc(int c) throws IOException {
        switch (c) {
            case '@' -> reset();
            case 'a' -> paper.align(next() % 48);
            case '!' -> paper.charWidth((next() & 0x20) != 0 ? 2 : 1);
            case 't' -> codePage = CodePage.ofTable(next());
            case 'd' -> feed(next());
            case 'J' -> feedDots();
            case 'p' -> kick();
            case 'i', 'm' -> paper.cut();
            case '*' -> symbols.bitImage();
            case '2', '<' -> { }
            case 'E', '-', 'M', 'G', '3', 'V', '{', 'R', ' ', 'r', 'e', 'U', 'S', 'T', 'L' -> next();
            case '$', '\\' -> next(2);
            case 'c' -> next(2);
            default -> paper.mark(String.format("[ESC 0x%02X]", c));
        }
    }

    private void gs(int c) throws IOException {
        switch (c) {
            case '!' -> paper.charWidth(((next() >> 4) & 0x07) + 1);
            case 'V' -> cut(next());
            case '(' -> symbols.extended(next());
            case '8' -> symbols.large(next());
            case 'v' -> symbols.raster(next());
            case 'k' -> symbols.barcode();
            case 'B', 'h', 'w', 'H', 'f', 'a', 'b', 'r', 'I', '/', 'E' -> next();
            case 'L', 'W', 'P', '$', '\\' -> next(2);
            case '*' -> skip(next() * next() * 8L);
            default -> paper.mark(String.format("[GS 0x%02X]", c));
        }
    }

    private void fs(int c) throws IOException {
        switch (c) {
            case '.', '&' -> { }
            case '!', '-', 'C', 'W' -> next();
            case 'p', 'S' -> next(2);
            case '(' -> {
                next();
                next(next() | next() << 8);
            }
            default -> paper.mark(String.format("[FS 0x%02X]", c));
        }
    }

    private void reset() {
        codePage = CodePage.CP437;
        paper.align(0);
        paper.charWidth(1);
    }

    private void feed(int lines) {
        for (int i = 0; i < lines; i++) {
            paper.feed();
        }
    }

    /** {@code ESC J n}: prints the line and feeds n dots; at least it ends the line. */
    private void feedDots() throws IOException {
        next();
        paper.feed();
    }

    /** {@code ESC p m t1 t2}: m is 0/48 for pin 2 and 1/49 for pin 5. */
    private void kick() throws IOException {
        int m = next();
        next(2);
        host.kick((m & 0x01) == 0 ? 2 : 5);
    }

    /** {@code GS V m}: m 0/1/48/49 cut now; 65/66 (and Epson's 97..104) feed n dots first. */
    private void cut(int m) throws IOException {
        if (m >= 65) {
            next();
        }
        paper.cut();
    }

    /**
     * Decodes a whole job without a printer: the text of each cut receipt, then any text after the
     * last cut. Status queries and drawer kicks in it are ignored.
     *
     * @throws IllegalArgumentException when the job ends inside a command
     */
    static List<String> receipts(byte[] job, int columns) {
        List<String> out = new ArrayList<>();
        Paper paper = new Paper(columns, new Paper.Tray() {
            @Override
            public boolean paperOut() {
                return false;
            }

            @Override
            public void receipt(String text) {
                out.add(text);
            }

            @Override
            public void torn(String text) {
                out.add(text);
            }
        });
        Host ignoring = new Host() {
            @Override
            public void status(int n) {
            }

            @Override
            public void kick(int pin) {
            }

            @Override
            public void consumed(int bytes) {
            }
        };
        try {
            new EscPosDecoder(new ByteArrayInputStream(job), paper, ignoring).run();
        } catch (IOException e) {
            throw new IllegalArgumentException("job ends inside a command", e);
        }
        paper.tear();
        return out;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

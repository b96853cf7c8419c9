package com.wkpos.edge.drivers.display;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;

/**
 * The bytes for a 2×20 pole display in the CD5220 command set, which most serial pole displays
 * (Bixolon, Partner, Posiflex, Epson's "CD5220 emulation") understand:
 * <ul>
 *   <li>{@code ESC @} (1B 40) initialise: clears the display and resets modes;</li>
 *   <li>{@code FF} (0C) clear the display;</li>
 *   <li>{@code ESC Q A} text {@code CR} (1B 51 41 … 0D) write the upper line;</li>
 *   <li>{@code ESC Q B} text {@code CR} (1B 51 42 … 0D) write the lower line.</li>
 * </ul>
 * Lines are always sent as exactly 20 characters (cut or padded with spaces), so an old, longer text
 * never stays visible and the display never scrolls. Control characters become spaces (a CR inside a
 * line would end the command early). Text is encoded in the display's code page, one byte a character,
 * with {@code ?} for what it cannot show. Thread-safe (stateless).
 */
final class Cd5220 {
    static final int COLUMNS = 20;
    private static final byte ESC = 0x1B;
    private static final byte FF = 0x0C;
    private static final byte CR = 0x0D;

    private Cd5220() {
    }

    /** ESC @, FF: sent once after the port is opened. */
    static byte[] init() {
        return new byte[] {ESC, '@', FF};
    }

    static byte[] show(String line1, String line2, Charset codePage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 * (COLUMNS + 4));
        line(out, 'A', line1, codePage);
        line(out, 'B', line2, codePage);
        return out.toByteArray();
    }

    /** {@code line} cut or padded to exactly 20 characters, control characters and emoji replaced. */
    static String fit(String line) {
        StringBuilder fitted = new StringBuilder(COLUMNS);
        (line == null ? "" : line).codePoints().limit(COLUMNS).forEach(cp -> fitted.append(printable(cp)));
        while (fitted.length() < COLUMNS) {
            fitted.append(' ');
        }
        return fitted.toString();
    }

    /** @throws IllegalArgumentException when the charset needs more than one byte for a character */
    static Charset requireSingleByte(Charset codePage) {
        if (codePage.newEncoder().maxBytesPerChar() != 1.0f) {
            throw new IllegalArgumentException("a pole display code page must be a single-byte charset, was "
                    + codePage.name());
        }
        return codePage;
    }

    private static char printable(int codePoint) {
        if (codePoint < 0x20 || codePoint == 0x7F || (codePoint >= 0x80 && codePoint < 0xA0)) {
            return ' ';
        }
        return Character.isBmpCodePoint(codePoint) ? (char) codePoint : '?';
    }

    private static void line(ByteArrayOutputStream out, char which, String text, Charset codePage) {
        out.write(ESC);
        out.write('Q');
        out.write(which);
        out.writeBytes(encode(fit(text), codePage));
        out.write(CR);
    }

    private static byte[] encode(String text, Charset codePage) {
        CharsetEncoder encoder = codePage.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {'?'});
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("encoding with REPLACE cannot fail", e);
        }
    }
}

package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.util.Locale;

/**
 * Linux key codes to characters for the keyboard layout a keyboard-wedge scanner is set to (option
 * {@code keymap=us|de}, default us). A scanner "types" each character with the key that gives it on
 * that layout, holding Shift (or AltGr on de) as needed; keypad keys give digits as with NumLock on.
 * Dead keys (de: {@code ^}, {@code ´}, {@code `}) give their character when followed by a space.
 * Immutable after class initialisation; thread-safe.
 */
final class Keymap {
    static final int KEY_ENTER = 28;
    static final int KEY_LEFTCTRL = 29;
    static final int KEY_LEFTSHIFT = 42;
    static final int KEY_RIGHTSHIFT = 54;
    static final int KEY_LEFTALT = 56;
    static final int KEY_SPACE = 57;
    static final int KEY_CAPSLOCK = 58;
    static final int KEY_KPENTER = 96;
    static final int KEY_RIGHTCTRL = 97;
    static final int KEY_RIGHTALT = 100;
    private static final int KEYS = 128;

    static final Keymap US = new Keymap("us")
            .row(2, "1234567890-=", "!@#$%^&*()_+")
            .row(16, "qwertyuiop[]", "QWERTYUIOP{}")
            .row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~")
            .row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?")
            .keypad('.');

    static final Keymap DE = new Keymap("de")
            .row(2, "1234567890ß´", "!\"§$%&/()=?`")
            .row(16, "qwertzuiopü+", "QWERTZUIOPÜ*")
            .row(30, "asdfghjklöä^", "ASDFGHJKLÖÄ°")
            .row(43, "#yxcvbnm,.-", "'YXCVBNM;:_")
            .row(86, "<", ">")
            .keypad(',')
            .altGr(16, '@').altGr(18, '€').altGr(3, '²').altGr(4, '³').altGr(8, '{').altGr(9, '[')
            .altGr(10, ']').altGr(11, '}').altGr(12, '\\').altGr(27, '~').altGr(86, '|').altGr(50, 'µ')
            .dead(13, false).dead(13, true).dead(41, false);

    private final String name;
    private final char[] plain = new char[KEYS];
    private final char[] shifted = new char[KEYS];
    private final char[] altGr = new char[KEYS];
    private final boolean[] dead = new boolean[2 * KEYS];

    private Keymap(String name) {
        this.name = name;
        plain[KEY_SPACE] = ' ';
        shifted[KEY_SPACE] = ' ';
    }

    static Keymap of(DeviceUri uri) {
        String value = uri.option("keymap", "us");
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "us" -> US;
            case "de" -> DE;
            default -> throw new IllegalArgumentException("option keymap of scanner URI '" + uri.raw()
                    + "' must be us or de, was " + value);
        };
    }

    String name() {
        return name;
    }

    /** The character {@code code} gives with the modifiers held, or 0 when it gives none on this layout. */
    char charFor(int code, boolean shift, boolean withAltGr) {
        if (code < 0 || code >= KEYS) {
            return 0;
        }
        if (withAltGr) {
            return altGr[code];
        }
        return shift ? shifted[code] : plain[code];
    }

    /** True when {@code code} is a dead key: its character waits for the next key. */
    boolean isDead(int code, boolean shift) {
        return code >= 0 && code < KEYS && dead[2 * code + (shift ? 1 : 0)];
    }

    private Keymap row(int firstCode, String plainChars, String shiftedChars) {
        for (int i = 0; i < plainChars.length(); i++) {
            plain[firstCode + i] = plainChars.charAt(i);
            shifted[firstCode + i] = shiftedChars.charAt(i);
        }
        return this;
    }

    /** Keypad 7 8 9 - 4 5 6 + 1 2 3 0 and its decimal key (codes 71-83), plus * (55) and / (98). */
    private Keymap keypad(char decimal) {
        row(71, "789-456+1230" + decimal, "789-456+1230" + decimal);
        row(55, "*", "*");
        return row(98, "/", "/");
    }

    private Keymap altGr(int code, char c) {
        altGr[code] = c;
        return this;
    }

    private Keymap dead(int code, boolean shift) {
        dead[2 * code + (shift ? 1 : 0)] = true;
        return this;
    }
}

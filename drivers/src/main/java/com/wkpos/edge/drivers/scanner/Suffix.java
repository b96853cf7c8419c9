package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.util.Arrays;
import java.util.Locale;

/** What a serial scanner sends after each code (option {@code suffix}, default {@code CR}). */
enum Suffix {
    CR(new byte[] {'\r'}),
    LF(new byte[] {'\n'}),
    CRLF(new byte[] {'\r', '\n'}),
    TAB(new byte[] {'\t'});

    private final byte[] bytes;

    Suffix(byte[] bytes) {
        this.bytes = bytes;
    }

    static Suffix of(DeviceUri uri) {
        String value = uri.option("suffix", "CR");
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option suffix of scanner URI '" + uri.raw() + "' must be one of "
                    + Arrays.toString(values()) + ", was " + value, e);
        }
    }

    /** The byte that ends a code. CRLF ends at its CR; the LF after it is dropped like any stray line end. */
    int terminator() {
        return bytes[0];
    }

    byte[] bytes() {
        return bytes.clone();
    }
}

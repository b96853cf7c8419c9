package com.wkpos.edge.drivers.scanner;

/**
 * Splits a serial scanner's byte stream into codes at the suffix. CR and LF are never part of a code:
 * the one that is not the terminator is dropped, so a scanner set to CRLF (or one that adds a stray
 * LF) still reads correctly with {@code suffix=CR}. Bytes are read as ISO-8859-1, which keeps ASCII
 * and the GS1 separator (GS, 0x1D) as they are. Not thread-safe: one reader thread owns it.
 */
final class SuffixFramer {
    private final int terminator;
    private final CodeBuffer buffer;

    SuffixFramer(Suffix suffix, CodeBuffer buffer) {
        this.terminator = suffix.terminator();
        this.buffer = buffer;
    }

    void feed(byte[] data, int length) {
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xFF;
            if (b == terminator) {
                buffer.end();
            } else if (b != '\r' && b != '\n') {
                buffer.append((char) b);
            }
        }
    }

    /** Forgets a partial code; the reader calls this after a pause longer than the gap option. */
    void discardPartial() {
        buffer.discard();
    }

    boolean hasPartial() {
        return !buffer.isEmpty();
    }
}

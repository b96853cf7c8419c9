package com.wkpos.edge.drivers.scanner;

/**
 * Collects the characters of one code, at most {@code maxLength} of them. Input beyond that is not
 * kept: the code is reported as dropped once and everything up to its end is ignored, so a flood of
 * input without a suffix costs no memory. Not thread-safe: one reader thread owns it.
 */
final class CodeBuffer {
    private final int maxLength;
    private final CodeSink sink;
    private final StringBuilder chars;
    private boolean overflowed;

    CodeBuffer(int maxLength, CodeSink sink) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be positive, was " + maxLength);
        }
        this.maxLength = maxLength;
        this.sink = sink;
        this.chars = new StringBuilder(maxLength);
    }

    void append(char c) {
        if (overflowed) {
            return;
        }
        if (chars.length() == maxLength) {
            overflowed = true;
            chars.setLength(0);
            sink.dropped("code longer than " + maxLength + " characters (option maxLength)");
            return;
        }
        chars.append(c);
    }

    /** The code's terminator arrived: a complete code goes to the sink; an empty one is ignored. */
    void end() {
        if (!overflowed && !chars.isEmpty()) {
            sink.code(chars.toString());
        }
        discard();
    }

    /** Forgets the code read so far (a pause inside a code, an unreadable key). */
    void discard() {
        chars.setLength(0);
        overflowed = false;
    }

    /** True when no part of a code is pending. */
    boolean isEmpty() {
        return chars.isEmpty() && !overflowed;
    }

    /** How many characters are held now; never more than {@code maxLength}. */
    int held() {
        return chars.length();
    }
}

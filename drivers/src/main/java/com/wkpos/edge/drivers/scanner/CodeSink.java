package com.wkpos.edge.drivers.scanner;

/** Where a scanner's decoder puts what it read. Called on the scanner's reader thread. */
interface CodeSink {
    /** A complete code, never empty and never longer than the scanner's {@code maxLength}. */
    void code(String code);

    /** Input was thrown away instead of becoming a code; {@code reason} says why, for a technician. */
    void dropped(String reason);
}

package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;

import com.wkpos.edge.drivers.api.PrinterStatus;

/**
 * The real-time status exchange: {@code DLE EOT n} for n = 1..4, one status byte back for each. Only
 * ever sent between jobs, never inside another command's parameters. Not thread-safe: the caller holds
 * the printer's lock.
 */
final class StatusQuery {
    static final int DLE = 0x10;
    static final int EOT = 0x04;
    /** Every DLE EOT answer has bits 1 and 4 set and bits 0 and 7 clear; anything else is noise. */
    private static final int FIXED_MASK = 0x93;
    private static final int FIXED_BITS = 0x12;

    private StatusQuery() {
    }

    /** Blocks at most about four times {@code timeout}. */
    static PrinterStatus read(Link link, Duration timeout) throws IOException {
        link.discardInput();
        int[] answers = new int[4];
        for (int n = 1; n <= 4; n++) {
            link.write(new byte[] {DLE, EOT, (byte) n});
            answers[n - 1] = awaitAnswer(link, n, timeout);
        }
        return PrinterStatus.fromDleEot(answers[0], answers[1], answers[2], answers[3]);
    }

    static boolean isStatusByte(int b) {
        return (b & FIXED_MASK) == FIXED_BITS;
    }

    private static int awaitAnswer(Link link, int n, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new InterruptedIOException("no answer to DLE EOT " + n + " within " + timeout.toMillis() + " ms");
            }
            int b = link.read(Duration.ofNanos(left));
            if (isStatusByte(b)) {
                return b;
            }
        }
    }
}

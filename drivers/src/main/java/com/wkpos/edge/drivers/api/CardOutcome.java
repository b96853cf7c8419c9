package com.wkpos.edge.drivers.api;

import java.util.List;

/**
 * How a card transaction ended. A decline, an abort at the terminal or a timeout are outcomes, not
 * exceptions: the sale stays open and the screen is told. {@code slip} holds the receipt lines the
 * terminal sent for the ECR printer (may be empty).
 */
public sealed interface CardOutcome {
    List<String> slip();

    /**
     * @param amount    minor units authorised
     * @param trace     the terminal's trace number
     * @param receiptNo the terminal's receipt number (needed for a reversal)
     */
    record Approved(long amount, String trace, String receiptNo, String maskedPan, String cardType,
                    String terminalId, String authorizedAt, List<String> slip) implements CardOutcome {
        public Approved {
            slip = List.copyOf(slip);
        }
    }

    /** The card or issuer refused; {@code resultCode} is the terminal's code (e.g. ZVT BMP 27). */
    record Declined(int resultCode, String message, List<String> slip) implements CardOutcome {
        public Declined {
            slip = List.copyOf(slip);
        }
    }

    /** Cancelled at the terminal, by the cashier, or by {@link CardTerminal#abort()}. */
    record Aborted(String reason, List<String> slip) implements CardOutcome {
        public Aborted {
            slip = List.copyOf(slip);
        }
    }

    /**
     * The terminal stopped answering. Whether money moved is unknown: the caller must settle it
     * (a status enquiry or reversal) before trying again.
     */
    record TimedOut(String detail, List<String> slip) implements CardOutcome {
        public TimedOut {
            slip = List.copyOf(slip);
        }
    }
}

package com.wkpos.edge.drivers.zvt;

import com.wkpos.edge.drivers.api.CardOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * One command and everything the terminal says until it is done, on the caller's thread. The ECR
 * acknowledges each terminal message with 80 00 00, forwards intermediate texts, collects print lines
 * into the slip and reads the status information; completion (06 0F) or abort (06 1E) ends it.
 *
 * <p>Contract: {@link #run} throws {@link IOException} only while the terminal has not accepted the
 * command (nothing can have happened yet). Once it has, every ending is an outcome: lost contact or
 * silence past the deadline is {@link CardOutcome.TimedOut}, since whether money moved is unknown.
 * {@link #requestAbort} is the one method other threads may call.
 */
final class Dialogue {
    /** Where intermediate texts go as they arrive. */
    interface Prompts {
        void show(int code, String text);
    }

    private final ZvtLink link;
    private final Duration timeout;
    private final Duration ackTimeout;
    private final Prompts prompts;
    private final long requestedAmount;
    private final List<String> slip = new ArrayList<>();
    private final List<String> oddities = new ArrayList<>();
    private StatusInfo status = StatusInfo.EMPTY;
    private volatile boolean abortRequested;

    /** @param requestedAmount reported as the amount when the terminal's status names none (0 if none) */
    Dialogue(ZvtLink link, Duration timeout, Duration ackTimeout, Prompts prompts, long requestedAmount) {
        this.link = link;
        this.timeout = timeout;
        this.ackTimeout = ackTimeout;
        this.prompts = prompts;
        this.requestedAmount = requestedAmount;
    }

    /**
     * Sends {@code command} and follows the terminal until it ends.
     *
     * @throws IOException the command could not be sent, or the terminal did not acknowledge it
     */
    CardOutcome run(Apdu command) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        link.send(command);
        Apdu first = link.receive(ackTimeout).orElseThrow(() -> new IOException(link.name()
                + ": no acknowledgement of " + command.command() + " within " + ackTimeout.toMillis() + " ms"));
        if (first.cls() == 0x84 && first.instr() != 0x00) {
            return refusal(first.instr(), "terminal refused the command: ");
        }
        if (!isAck(first)) {
            Optional<CardOutcome> done = handleOrLost(first);
            if (done.isPresent()) {
                return done.get();
            }
        }
        return converse(deadline);
    }

    /**
     * Asks the terminal to abort (06 B0) from another thread. Returns at once: the answer, 06 1E,
     * arrives in the running dialogue. Sending happens on a short-lived virtual thread because a
     * serial send waits for the link ACK.
     */
    void requestAbort() {
        abortRequested = true;
        Thread.ofVirtual().name("zvt-abort").start(() -> {
            try {
                link.send(Commands.abort());
            } catch (IOException e) {
                Logger.warn("abort could not be sent on {}: {}", link.name(), e.getMessage());
            }
        });
    }

    private CardOutcome converse(long deadline) {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return timedOut("no completion from the terminal within " + timeout.toMillis() + " ms");
            }
            Optional<Apdu> next;
            try {
                next = link.receive(Duration.ofNanos(left));
            } catch (IOException e) {
                return timedOut("contact lost after the terminal accepted the command: " + e.getMessage());
            }
            if (next.isPresent()) {
                Optional<CardOutcome> done = handleOrLost(next.get());
                if (done.isPresent()) {
                    return done.get();
                }
            }
        }
    }

    private Optional<CardOutcome> handleOrLost(Apdu apdu) {
        try {
            return handle(apdu);
        } catch (IOException e) {
            return Optional.of(timedOut("could not acknowledge the terminal: " + e.getMessage()));
        }
    }

    /** Answers one terminal message; an outcome when it ends the dialogue. */
    private Optional<CardOutcome> handle(Apdu apdu) throws IOException {
        if (isAck(apdu) || apdu.cls() == 0x84) {
            // the terminal's answer to our 06 B0: 80 00 00, or 84 xx when it cannot abort any more
            return Optional.empty();
        }
        if (!knows(apdu)) {
            oddities.add("unexpected " + apdu.command());
            link.send(Commands.NOT_POSSIBLE);
            return Optional.empty();
        }
        link.send(Commands.ACK);
        switch (apdu.cls() << 8 | apdu.instr()) {
            case 0x04FF -> prompt(apdu);
            case 0x06D1 -> slip.add(printLine(apdu));
            case 0x06D3 -> slip.addAll(Tlv.textLines(apdu.data(), ZvtTexts.CHARSET));
            case 0x040F -> readStatus(apdu);
            case 0x060F -> {
                return Optional.of(completed());
            }
            case 0x061E -> {
                return Optional.of(aborted(apdu));
            }
            default -> throw new IllegalStateException("unhandled " + apdu.command());
        }
        return Optional.empty();
    }

    private static boolean knows(Apdu apdu) {
        return apdu.is(0x04, 0xFF) || apdu.is(0x06, 0xD1) || apdu.is(0x06, 0xD3) || apdu.is(0x04, 0x0F)
                || apdu.is(0x06, 0x0F) || apdu.is(0x06, 0x1E);
    }

    private static boolean isAck(Apdu apdu) {
        return apdu.is(0x80, 0x00) || apdu.is(0x84, 0x00);
    }

    private void prompt(Apdu apdu) {
        if (apdu.length() > 0) {
            int code = apdu.dataByte(0);
            prompts.show(code, ZvtTexts.intermediate(code));
        }
    }

    /** 06 D1: an attribute byte, then the text in the ZVT character set. */
    private static String printLine(Apdu apdu) {
        byte[] data = apdu.data();
        return data.length <= 1 ? "" : new String(data, 1, data.length - 1, ZvtTexts.CHARSET).stripTrailing();
    }

    private void readStatus(Apdu apdu) {
        status = StatusInfoParser.parse(apdu.data());
        if (!status.complete()) {
            oddities.add("status information read up to " + status.stoppedAt());
        }
    }

    private CardOutcome completed() {
        int code = status.resultCode().orElse(0);
        if (code != 0) {
            return refusal(code, "");
        }
        return new CardOutcome.Approved(status.amount().orElse(requestedAmount), status.trace(), status.receiptNo(),
                status.maskedPan(), status.cardLabel(), status.terminalId(), status.dateTime(), slip);
    }

    /** 06 1E: the terminal ended the transaction; its code, when sent, says why. */
    private CardOutcome aborted(Apdu apdu) {
        int code = apdu.length() > 0 ? apdu.dataByte(0) : status.resultCode().orElse(ZvtTexts.ABORTED);
        return refusal(code, "");
    }

    private CardOutcome refusal(int code, String prefix) {
        String text = prefix + ZvtTexts.result(code);
        if (ZvtTexts.isDecline(code)) {
            return new CardOutcome.Declined(code, text, slip);
        }
        if (code == ZvtTexts.ABORTED && abortRequested) {
            text = "aborted by the cashier (" + text + ")";
        }
        return new CardOutcome.Aborted(text, slip);
    }

    private CardOutcome timedOut(String detail) {
        String note = oddities.isEmpty() ? "" : "; " + String.join(", ", oddities);
        return new CardOutcome.TimedOut(detail + note, slip);
    }
}

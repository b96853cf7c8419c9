package com.wkpos.edge.drivers.zvt;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated terminal's memory, shared by all its connections: the script of outcomes, the log
 * of what the cash register sent, and a small ledger of bookings for reversals and end of day.
 * Thread-safe: every method is synchronized.
 */
final class SimTerminal {
    /** One booked payment, refund or reversal. */
    record Booking(String receiptNo, String trace, long amount) {
    }

    private final Clock clock;
    private final Deque<ZvtSimulator.Outcome> script = new ArrayDeque<>();
    private final List<String> received = new ArrayList<>();
    private final Map<String, Booking> payments = new LinkedHashMap<>();
    private int nextReceipt = 1;
    private int nextTrace = 1;
    private long dayTotal;
    private int dayCount;
    private int naksSent;

    SimTerminal(Clock clock) {
        this.clock = clock;
    }

    Clock clock() {
        return clock;
    }

    synchronized void script(List<ZvtSimulator.Outcome> outcomes) {
        script.addAll(outcomes);
    }

    /** The next scripted outcome, or APPROVE once the script is used up. */
    synchronized ZvtSimulator.Outcome nextOutcome() {
        ZvtSimulator.Outcome next = script.pollFirst();
        return next == null ? ZvtSimulator.Outcome.APPROVE : next;
    }

    /**
     * Whether the serial link accepts a frame. While a NAK storm heads the script every frame is
     * refused; the storm ends once one frame was refused as often as a sender tries it.
     */
    synchronized boolean acceptFrame(Apdu apdu) {
        ZvtSimulator.Outcome head = script.peekFirst();
        if (head == null || head.kind() != ZvtSimulator.Outcome.Kind.NAK_STORM) {
            return true;
        }
        naksSent++;
        if (naksSent > SerialLink.MAX_REPEATS) {
            naksSent = 0;
            script.pollFirst();
        }
        return false;
    }

    synchronized void log(Apdu apdu) {
        received.add(apdu.hex());
    }

    synchronized List<String> received() {
        return List.copyOf(received);
    }

    synchronized Booking pay(long amount) {
        Booking booking = book(amount);
        payments.put(booking.receiptNo(), booking);
        dayTotal += amount;
        dayCount++;
        return booking;
    }

    synchronized Booking refund(long amount) {
        Booking booking = book(amount);
        dayTotal -= amount;
        dayCount++;
        return booking;
    }

    /** Reverses the payment with {@code receiptNo}; empty when there is none (or it was reversed). */
    synchronized Optional<Booking> reverse(String receiptNo) {
        Booking original = payments.remove(receiptNo);
        if (original == null) {
            return Optional.empty();
        }
        dayTotal -= original.amount();
        dayCount++;
        return Optional.of(book(original.amount()));
    }

    /** Closes the day: returns {count, total} and starts a new day. */
    synchronized long[] closeDay() {
        long[] totals = {dayCount, dayTotal};
        dayCount = 0;
        dayTotal = 0;
        payments.clear();
        return totals;
    }

    private Booking book(long amount) {
        Booking booking = new Booking(String.format("%04d", nextReceipt), String.format("%06d", nextTrace), amount);
        nextReceipt = nextReceipt % 9999 + 1;
        nextTrace = nextTrace % 999_999 + 1;
        return booking;
    }
}

package com.wkpos.edge.drivers.zvt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * The simulated terminal's side of one connection: answers each command the way a terminal does,
 * shaped by the next scripted outcome. Runs on its own thread until the link closes.
 */
final class SimSession implements Runnable {
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration ECR_ACK_WAIT = Duration.ofSeconds(5);
    private static final Apdu PROTOCOL_ERROR = Apdu.of(0x84, 0x9A);

    private final ZvtLink link;
    private final SimTerminal pt;
    private final boolean serial;
    /** After TIMEOUT or GARBLED the terminal answers nothing, not even 06 B0, until a new command. */
    private boolean silent;
    private boolean abortRequested;

    SimSession(ZvtLink link, SimTerminal pt, boolean serial) {
        this.link = link;
        this.pt = pt;
        this.serial = serial;
    }

    @Override
    public void run() {
        try {
            while (true) {
                Optional<Apdu> apdu = receive(POLL);
                if (apdu.isPresent()) {
                    dispatch(apdu.get());
                }
            }
        } catch (IOException e) {
            Logger.debug("simulator session on {} ended: {}", link.name(), e.getMessage());
        } finally {
            link.close();
        }
    }

    void stop() {
        link.close();
    }

    private void dispatch(Apdu command) throws IOException {
        if (isAck(command)) {
            return;
        }
        if (command.is(0x06, 0xB0)) {
            // nothing to abort; when not silent, receive() has acknowledged it already
            return;
        }
        silent = false;
        abortRequested = false;
        switch (command.cls() << 8 | command.instr()) {
            case 0x0600 -> {
                link.send(Commands.ACK);
                tell(SimMessages.completion());
            }
            case 0x0601 -> transaction(() -> payment(amountAt(command, 0), false));
            case 0x0631 -> transaction(() -> payment(amountAt(command, 3), true));
            case 0x0630 -> transaction(() -> reversal(receiptOf(command)));
            case 0x0650 -> transaction(this::endOfDay);
            default -> link.send(Commands.NOT_POSSIBLE);
        }
    }

    /** The part of a transaction that depends on the command, run when the outcome is APPROVE. */
    private interface Flow {
        void run() throws IOException;
    }

    private void transaction(Flow approved) throws IOException {
        ZvtSimulator.Outcome outcome = pt.nextOutcome();
        if (outcome.kind() == ZvtSimulator.Outcome.Kind.NAK_STORM) {
            // reached only over TCP, which has no NAK: refuse the command the way a confused terminal would
            link.send(PROTOCOL_ERROR);
            return;
        }
        link.send(Commands.ACK);
        switch (outcome.kind()) {
            case TIMEOUT -> silent = true;
            case GARBLED -> garble();
            case HOLD -> hold();
            case ABORT_MIDWAY -> {
                if (prompt(0x0A) && prompt(0x01)) {
                    end(SimMessages.abort(ZvtTexts.ABORTED));
                }
            }
            case DECLINE -> decline(outcome.resultCode());
            default -> approved.run();
        }
    }

    private void payment(long amount, boolean refund) throws IOException {
        if (!prompt(0x0A) || !prompt(0x01)) {
            return;
        }
        SimTerminal.Booking booking = refund ? pt.refund(amount) : pt.pay(amount);
        if (tell(SimMessages.statusInfo(0, booking, now()))
                && printSlip(refund ? "Gutschrift" : "Kartenzahlung", booking)) {
            end(SimMessages.completion());
        }
    }

    private void reversal(String receiptNo) throws IOException {
        if (!prompt(0x0A)) {
            return;
        }
        Optional<SimTerminal.Booking> booking = pt.reverse(receiptNo);
        if (booking.isEmpty()) {
            decline(0xB5);
            return;
        }
        if (tell(SimMessages.statusInfo(0, booking.get(), now())) && printSlip("Storno", booking.get())) {
            end(SimMessages.completion());
        }
    }

    private void endOfDay() throws IOException {
        if (!prompt(0x0E)) {
            return;
        }
        long[] totals = pt.closeDay();
        List<String> lines = List.of("Kassenschnitt", "Terminal-ID " + SimMessages.TERMINAL_ID,
                "Anzahl " + totals[0], "Summe EUR " + euros(totals[1]));
        SimTerminal.Booking sum = new SimTerminal.Booking("0000", "000000", Math.abs(totals[1]));
        if (tell(SimMessages.textBlock(lines)) && tell(SimMessages.statusInfo(0, sum, now()))) {
            end(SimMessages.completion());
        }
    }

    private void decline(int code) throws IOException {
        if (!prompt(0x0A) || !prompt(0x01)) {
            return;
        }
        SimTerminal.Booking none = new SimTerminal.Booking("0000", "000000", 0);
        if (tell(SimMessages.statusInfo(code, none, now())) && tell(SimMessages.printLine("Zahlung nicht erfolgt"))) {
            end(SimMessages.abort(code));
        }
    }

    /** Shows "insert card" and waits for the cashier's 06 B0, as a terminal does while no card comes. */
    private void hold() throws IOException {
        if (!prompt(0x0A)) {
            return;
        }
        while (!abortRequested) {
            receive(POLL);
        }
        end(SimMessages.abort(ZvtTexts.ABORTED));
    }

    private void garble() throws IOException {
        byte[] noise = "GARBLED".getBytes(StandardCharsets.US_ASCII);
        link.sendRaw(noise);
        if (serial) {
            byte[] frame = SerialFraming.frame(SimMessages.completion().encode());
            frame[frame.length - 1] ^= (byte) 0xFF;
            link.sendRaw(frame);
        }
        silent = true;
    }

    /** Both copies, as a terminal set to let the cash register print: the merchant's, then the customer's. */
    private boolean printSlip(String title, SimTerminal.Booking booking) throws IOException {
        return printCopy(title, booking, "Händlerbeleg") && printCopy(title, booking, "Kundenbeleg");
    }

    private boolean printCopy(String title, SimTerminal.Booking booking, String copy) throws IOException {
        return tell(SimMessages.printLine("WK Edge Testterminal"))
                && tell(SimMessages.printLine(title))
                && tell(SimMessages.printLine("Betrag EUR " + euros(booking.amount())))
                && tell(SimMessages.printLine(SimMessages.CARD_NAME + " " + SimMessages.MASKED_PAN))
                && tell(SimMessages.printLine("Beleg " + booking.receiptNo() + "  Trace " + booking.trace()))
                && tell(SimMessages.printLine(copy));
    }

    private boolean prompt(int code) throws IOException {
        return tell(SimMessages.intermediate(code));
    }

    /**
     * Sends a terminal message and waits for the cash register's 80 00 00. Returns false when the
     * cash register asked to abort meanwhile; the abort has then been answered with 06 1E.
     */
    private boolean tell(Apdu message) throws IOException {
        link.send(message);
        long deadline = System.nanoTime() + ECR_ACK_WAIT.toNanos();
        boolean acked = false;
        while (!acked && System.nanoTime() < deadline) {
            Optional<Apdu> answer = receive(Duration.ofNanos(deadline - System.nanoTime()));
            acked = answer.isPresent() && isAck(answer.get());
        }
        if (abortRequested) {
            end(SimMessages.abort(ZvtTexts.ABORTED));
            return false;
        }
        return acked;
    }

    /** Sends the last message of a transaction and waits for its acknowledgement. */
    private void end(Apdu last) throws IOException {
        link.send(last);
        long deadline = System.nanoTime() + ECR_ACK_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Apdu> answer = receive(Duration.ofNanos(deadline - System.nanoTime()));
            if (answer.isPresent() && isAck(answer.get())) {
                return;
            }
        }
    }

    /** Receives and logs one APDU; notes an abort request (and acknowledges it) whenever one comes. */
    private Optional<Apdu> receive(Duration timeout) throws IOException {
        Optional<Apdu> apdu = link.receive(timeout);
        apdu.ifPresent(pt::log);
        if (apdu.isPresent() && apdu.get().is(0x06, 0xB0) && !silent) {
            abortRequested = true;
            link.send(Commands.ACK);
            return Optional.empty();
        }
        return apdu;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(pt.clock());
    }

    private static boolean isAck(Apdu apdu) {
        return apdu.is(0x80, 0x00);
    }

    /** The amount of BMP 04 at {@code offset} (0 in 06 01; 3, after the password, in 06 31), else 0. */
    private static long amountAt(Apdu command, int offset) {
        byte[] data = command.data();
        boolean present = data.length >= offset + 7 && (data[offset] & 0xFF) == Commands.BMP_AMOUNT
                && Bcd.isDecimal(data, offset + 1, 6);
        return present ? Bcd.toLong(data, offset + 1, 6) : 0;
    }

    private static String receiptOf(Apdu command) {
        byte[] data = command.data();
        return data.length >= 6 && (data[3] & 0xFF) == Commands.BMP_RECEIPT_NO ? Bcd.digits(data, 4, 2) : "";
    }

    private static String euros(long cents) {
        return String.format("%d,%02d", cents / 100, Math.abs(cents % 100));
    }
}

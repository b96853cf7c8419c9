package com.wkpos.edge.hardware.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.function.Consumer;

import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.zvt.ZvtTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real ZVT card terminal through {@link ZvtTerminal}: {@code WK_EDGE_TERMINAL=zvt+tcp://…:20007} or
 * {@code zvt+serial:/dev/ttyUSB1} (options {@code password}, {@code timeout}). It moves real money on a
 * live terminal: use a test terminal and a test card. Each test registers first, as the agent does
 * at start-up; they run in the order a day runs, the end-of-day last and only when asked for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TerminalHardwareIT {
    private static final String CURRENCY = "EUR";
    private static final long ONE_CENT = 1;
    private static final String EOD_VARIABLE = "WK_EDGE_TERMINAL_EOD";

    private ZvtTerminal terminal;

    @BeforeEach
    void connect() throws DeviceException {
        terminal = ZvtTerminal.open(Bench.TERMINAL.uri());
        Technician.note("terminal " + terminal.uri() + " is " + Technician.shown(terminal.state()));
    }

    @AfterEach
    void disconnect() {
        if (terminal != null) {
            terminal.close();
        }
    }

    @Test
    @Order(1)
    void registrationIsAccepted() throws DeviceException {
        terminal.register(CURRENCY);

        assertThat(terminal.state()).isEqualTo(DeviceState.online());
    }

    @Test
    @Order(2)
    void oneCentAuthorizationIsApprovedAndThenReversed() throws DeviceException {
        terminal.register(CURRENCY);
        Technician.say("The terminal asks for 0,01 EUR: present the test card and follow the terminal's prompts.");

        CardOutcome.Approved payment = approved("authorization of 0,01 EUR",
                terminal.authorize(ONE_CENT, CURRENCY, prompts()));
        Technician.note("receipt " + payment.receiptNo() + ", trace " + payment.trace() + ", " + payment.cardType()
                + " " + payment.maskedPan() + ", terminal " + payment.terminalId());
        assertThat(payment.amount()).isEqualTo(ONE_CENT);
        assertThat(payment.receiptNo()).as("the receipt number a reversal needs").isNotBlank();

        Technician.say("Reversing receipt " + payment.receiptNo() + "; present the card again if the terminal asks.");
        approved("reversal of receipt " + payment.receiptNo(), terminal.reverse(payment.receiptNo(), prompts()));
    }

    @Test
    @Order(3)
    void endOfDayClosesTheTerminalsDay() throws DeviceException {
        Technician.skipUnless(Bench.yes(EOD_VARIABLE), EOD_VARIABLE + " is not yes; an end-of-day closes the "
                + "terminal's day for real, so it runs only when asked for");
        terminal.register(CURRENCY);
        Technician.say("Running the terminal's end-of-day.");

        CardOutcome.Approved day = approved("end-of-day", terminal.endOfDay(prompts()));
        Technician.note("the day's total: " + day.amount() + " cent");
    }

    /** The terminal's texts ("Karte einstecken", "PIN eingeben") as they arrive, so the technician sees them. */
    private static Consumer<String> prompts() {
        return text -> Technician.note("terminal: " + text);
    }

    /** Shows the slip and returns the approval; any other outcome fails with what it means. */
    private static CardOutcome.Approved approved(String what, CardOutcome outcome) {
        outcome.slip().forEach(line -> Technician.note("slip | " + line));
        return switch (outcome) {
            case CardOutcome.Approved a -> {
                Technician.note(what + " approved");
                yield a;
            }
            case CardOutcome.Declined d -> fail("%s declined with result code 0x%02X: %s (a test card on a live host, "
                    + "or a terminal not set up for this card?)", what, d.resultCode(), d.message());
            case CardOutcome.Aborted a -> fail(what + " aborted: " + a.reason());
            case CardOutcome.TimedOut t -> fail(what + " timed out: " + t.detail()
                    + "; whether money moved is unknown, check the terminal's journal and settle it there");
        };
    }
}

package com.wkpos.edge.hardware.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.api.PrinterStatus;
import com.wkpos.edge.drivers.escpos.EscPosPrinter;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real receipt printer through {@link EscPosPrinter}, as the agent drives it:
 * {@code WK_EDGE_PRINTER=tcp://…:9100 | serial:/dev/ttyUSB0?baud=38400 | usblp:/dev/usb/lp0}. Layout
 * options on the URI ({@code codepage}, {@code codetable}, {@code width}) apply to the test receipt.
 */
class PrinterHardwareIT {
    private static final Set<Status> PAPER_TROUBLE = Set.of(Status.PAPER_OUT, Status.COVER_OPEN);
    /** ESC @: initialise, prints nothing; enough to see whether the driver lets a job through. */
    private static final byte[] EMPTY_JOB = {0x1B, '@'};

    private DeviceUri uri;
    private EscPosPrinter printer;

    @BeforeEach
    void connect() {
        uri = Bench.PRINTER.uri();
        printer = EscPosPrinter.open(uri);
        Technician.note("printer " + uri + " is " + Technician.shown(printer.state()));
    }

    @AfterEach
    void disconnect() {
        if (printer != null) {
            printer.close();
        }
    }

    @Test
    void statusIsReadableAndReady() throws DeviceException {
        assumeTwoWay();

        PrinterStatus status = printer.status();

        Technician.note("status: " + status);
        assertThat(status.toState().ready()).as("printer %s reports %s; README.md says what it means", uri,
                Technician.shown(status.toState())).isTrue();
    }

    @Test
    void testReceiptPrintsEuroUmlautsQrCodeAndCut() throws DeviceException {
        String code = TestPrints.digits(6);

        printer.print(ReceiptLayout.forPrinter(uri).render(TestPrints.receipt(code)));

        Technician.say("A test receipt came out of " + uri + ".");
        Technician.ask("Type the 6 digits after " + TestPrints.SALE_ID_PREFIX + " under its QR code, then Enter:")
                .ifPresentOrElse(typed -> assertThat(typed)
                                .as("the code under the QR code; another code means that is not this run's receipt")
                                .isEqualTo(code),
                        () -> Technician.note("it must read " + TestPrints.SALE_ID_PREFIX + code));
        Technician.confirm("Does the line '" + TestPrints.CHARACTER_LINE + "' print exactly so, do the amounts read "
                        + "2,99 €, is there a QR code, and was the paper cut?",
                "wrong characters or no € mean the code page does not match the printer (set codepage= and codetable= "
                        + "on " + Bench.PRINTER.variable() + ", see README.md); no cut means the printer has no "
                        + "cutter or it is switched off in its settings");
    }

    @Test
    void paperOutOrCoverOpenIsReportedAndHoldsJobsUntilFixed() {
        assumeTwoWay();
        DeviceState before = current();
        assertThat(before.ready()).as("printer %s must be ready first; it reports %s", uri, Technician.shown(before))
                .isTrue();

        Technician.say("Open the printer's cover or take the paper roll out now. "
                + "(Type s and Enter to skip this step.)");
        Technician.awaitActionOrSkip("printer " + uri + " to report PAPER_OUT or COVER_OPEN",
                () -> PAPER_TROUBLE.contains(current().status()));
        Technician.note("the printer reports " + Technician.shown(current()));
        assertThatThrownBy(() -> printer.print(EMPTY_JOB)).as("a job while the paper is out or the cover is open")
                .isInstanceOfSatisfying(DeviceException.class,
                        e -> assertThat(e.state().status()).isIn(PAPER_TROUBLE));

        Technician.say("Put the paper back and close the cover.");
        Technician.awaitAction("printer " + uri + " to be ready again", () -> current().ready());
    }

    private void assumeTwoWay() {
        Technician.skipUnless(!uri.scheme().equals("usblp"), uri + " is write-only: usblp has no status to read; "
                + "connect the printer by network or serial to test its status");
    }

    /** Asks the printer now; a printer that does not answer is in the state the exception carries. */
    private DeviceState current() {
        try {
            return printer.status().toState();
        } catch (DeviceException e) {
            return e.state();
        }
    }
}

package com.wkpos.edge.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.escpos.EscPosPrinter;
import com.wkpos.edge.drivers.escpos.PrinterDrawer;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real serial transport (jssc) over a socat pseudo-terminal pair: the simulator serves one end,
 * {@link EscPosPrinter} prints and polls status through the other.
 */
class PrinterSerialIT {
    private static final byte[] JOB = ReceiptLayout.of(48, "CP858").render(SampleReceipts.sale(false));

    @TempDir
    Path dir;
    private Process socat;
    private PrinterSimulator sim;
    private EscPosPrinter printer;
    private final Await.Events events = new Await.Events();

    @BeforeEach
    void ptyPairWithSimulatorOnOneEnd() throws Exception {
        Path printerEnd = dir.resolve("printer");
        Path hostEnd = dir.resolve("host");
        socat = new ProcessBuilder("/usr/bin/socat", "-d", "-d", "pty,raw,echo=0,link=" + printerEnd,
                "pty,raw,echo=0,link=" + hostEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        Await.until(Duration.ofSeconds(10), () -> Files.exists(printerEnd) && Files.exists(hostEnd),
                "socat to create both pty links");
        sim = PrinterSimulator.listen(0);
        sim.serveSerial(printerEnd);
    }

    @AfterEach
    void stop() throws Exception {
        if (printer != null) {
            printer.close();
        }
        sim.close();
        socat.destroy();
        assertThat(socat.waitFor(10, TimeUnit.SECONDS)).as("socat stopped").isTrue();
    }

    @Test
    void receiptPrintedOverSerialArrivesWhole() throws Exception {
        printer = open("?baud=38400&poll=0");

        printer.print(JOB);

        assertThat(sim.awaitReceipts(1, Duration.ofSeconds(10))).containsExactly(PrinterSimulator.decode(JOB).getFirst());
        assertThat(sim.receipts().getFirst()).contains("[QR: " + SampleReceipts.SALE_ID + "]", "7,19 €");
        assertThat(printer.status().toState().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void paperOutIsReportedOverSerialBeforeAnythingIsPrinted() {
        printer = open("?poll=0");
        sim.setPaperOut(true);

        assertThatThrownBy(() -> printer.print(JOB)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.state().status()).isEqualTo(Status.PAPER_OUT));

        assertThat(sim.jobBytes()).isZero();
        assertThat(sim.receipts()).isEmpty();
        assertThat(sim.torn()).isEmpty();
    }

    @Test
    void paperRunningOutMidReceiptOverSerialThenReprintPrintsItOnce() throws Exception {
        printer = open("?poll=0");
        sim.paperOutAfter(JOB.length / 3);

        assertThatThrownBy(() -> printer.print(JOB)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.state().status()).isEqualTo(Status.PAPER_OUT));
        sim.setPaperOut(false);
        printer.print(JOB);

        assertThat(sim.receipts()).containsExactly(PrinterSimulator.decode(JOB).getFirst());
        assertThat(sim.torn()).hasSize(1);
    }

    @Test
    void backgroundPollOverSerialReportsPaperAndDrawerChanges() throws Exception {
        printer = open("?poll=50");
        printer.onEvent(events);
        PrinterDrawer drawer = new PrinterDrawer(printer, DeviceUri.parse("printer:pin2"));
        drawer.onEvent(events);

        sim.setPaperNearEnd(true);
        events.status("PAPER_NEAR_END");
        drawer.open();
        events.next("drawer.opened", e -> true);
        sim.setDrawerOpen(false);
        events.next("drawer.closed", e -> true);

        assertThat(sim.drawerKicks(2)).isEqualTo(1);
        assertThat(printer.state().status()).isEqualTo(Status.PAPER_NEAR_END);
        drawer.close();
    }

    @Test
    void closingThePrinterWhilePollingLeavesNoThreadBehind() {
        printer = open("?poll=10");
        Await.until(Duration.ofSeconds(5), () -> sim.statusQueries() >= 12, "a few status polls");

        printer.close();

        Await.until(Duration.ofSeconds(5), () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("printer-poll serial:")), "the poll thread to end");
        assertThat(printer.state().status()).isEqualTo(Status.CLOSED);
    }

    private EscPosPrinter open(String options) {
        return EscPosPrinter.open(DeviceUri.parse("serial:" + dir.resolve("host") + options));
    }
}

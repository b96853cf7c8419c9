package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EscPosPrinterTest {
    private static final byte[] JOB = ReceiptLayout.of(48, "CP858").render(TestReceipts.sample(false));
    private static final String RECEIPT = PrinterSimulator.decode(JOB).getFirst();

    private final List<EscPosPrinter> printers = new ArrayList<>();
    private final Events events = new Events();
    private PrinterSimulator sim;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = PrinterSimulator.listen(0);
    }

    @AfterEach
    void stop() {
        printers.forEach(EscPosPrinter::close);
        sim.close();
    }

    @Test
    void printedReceiptArrivesWholeAndPrinterIsOnline() throws Exception {
        EscPosPrinter printer = printer("?poll=0");

        printer.print(JOB);

        assertThat(sim.receipts()).containsExactly(RECEIPT);
        assertThat(printer.state().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void paperOutBeforePrintFailsWithPaperOutAndPrintsNothing() {
        EscPosPrinter printer = printer("?poll=0");
        sim.setPaperOut(true);

        assertFailsWith(Status.PAPER_OUT, () -> printer.print(JOB));

        assertThat(sim.jobBytes()).isZero();
        assertThat(sim.receipts()).isEmpty();
        assertThat(sim.torn()).isEmpty();
        assertThat(printer.state().status()).isEqualTo(Status.PAPER_OUT);
    }

    @Test
    void coverOpenBeforePrintFailsWithCoverOpenAndPrintsNothing() {
        EscPosPrinter printer = printer("?poll=0");
        sim.setCoverOpen(true);

        assertFailsWith(Status.COVER_OPEN, () -> printer.print(JOB));

        assertThat(sim.jobBytes()).isZero();
        assertThat(sim.receipts()).isEmpty();
        assertThat(sim.torn()).isEmpty();
    }

    @Test
    void paperRunningOutMidReceiptFailsAndReprintAfterReloadPrintsTheWholeReceiptOnce() throws Exception {
        EscPosPrinter printer = printer("?poll=0");
        sim.paperOutAfter(JOB.length / 2);

        assertFailsWith(Status.PAPER_OUT, () -> printer.print(JOB));
        assertThat(printer.state().status()).isEqualTo(Status.PAPER_OUT);
        assertThat(sim.receipts()).isEmpty();
        assertThat(sim.torn()).singleElement().asString().contains("WK Markt").doesNotContain("[QR:");

        sim.setPaperOut(false);
        printer.print(JOB);

        assertThat(sim.receipts()).containsExactly(RECEIPT);
        assertThat(printer.state().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void unplugMidReceiptFailsOfflineAndTheNextPrintReconnects() throws Exception {
        EscPosPrinter printer = printer("?poll=0");
        sim.dropConnectionAfter(JOB.length / 2);

        assertFailsWith(Status.OFFLINE, () -> printer.print(JOB));
        assertThat(printer.state().status()).isEqualTo(Status.OFFLINE);
        assertThat(sim.receipts()).isEmpty();

        printer.print(JOB);

        assertThat(sim.receipts()).containsExactly(RECEIPT);
        assertThat(printer.state().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void statusPollReportsEveryChangeAsAnEvent() throws Exception {
        EscPosPrinter printer = printer("?poll=20");

        sim.setPaperNearEnd(true);
        events.awaitStatus("PAPER_NEAR_END");
        sim.setPaperOut(true);
        assertThat(events.awaitStatus("PAPER_OUT").data()).containsEntry("detail", "paper out")
                .containsEntry("status", "PAPER_OUT");
        assertThat(printer.state().status()).isEqualTo(Status.PAPER_OUT);
        sim.setPaperOut(false);
        sim.setPaperNearEnd(false);

        assertThat(events.awaitStatus("ONLINE").device()).isEqualTo(printer.uri());
    }

    @Test
    void unreachablePrinterOpensOfflineAndPrintFailsOffline() throws Exception {
        int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = gone.getLocalPort();
        }
        EscPosPrinter printer = track(EscPosPrinter.open(DeviceUri.parse("tcp://127.0.0.1:" + port + "?poll=0")));

        assertThat(printer.state().status()).isEqualTo(Status.OFFLINE);
        assertFailsWith(Status.OFFLINE, () -> printer.print(JOB));
    }

    @Test
    void printerThatNeverAnswersStatusTimesOutOffline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EscPosPrinter printer = track(EscPosPrinter.open(
                    DeviceUri.parse("tcp://127.0.0.1:" + silent.getLocalPort() + "?poll=0&timeout=100")));

            long started = System.nanoTime();
            assertFailsWith(Status.OFFLINE, printer::status);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2000);
            assertThat(printer.state().detail()).contains("no status answer");
        }
    }

    @Test
    void jobsFromSeveralThreadsNeverInterleave() throws Exception {
        EscPosPrinter printer = printer("?poll=5");
        List<String> expected = new ArrayList<>();
        List<Future<?>> running = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 12; i++) {
                byte[] job = ReceiptLayout.of(48, "CP858").render(numbered(i));
                expected.add(PrinterSimulator.decode(job).getFirst());
                running.add(pool.submit(() -> {
                    printer.print(job);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(sim.receipts()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void usblpWritesTheJobToTheDeviceFileAndHasNoStatus(@TempDir Path dir) throws Exception {
        Path lp = Files.createFile(dir.resolve("lp0"));
        EscPosPrinter printer = track(EscPosPrinter.open(DeviceUri.parse("usblp:" + lp)));

        printer.print(JOB);

        assertThat(Files.readAllBytes(lp)).isEqualTo(JOB);
        assertThat(printer.state().status()).isEqualTo(Status.ONLINE);
        assertThatThrownBy(printer::status).isInstanceOf(DeviceException.class).hasMessageContaining("write-only");
    }

    @Test
    void closedPrinterRefusesJobsWithStateClosed() {
        EscPosPrinter printer = printer("?poll=0");

        printer.close();

        assertFailsWith(Status.CLOSED, () -> printer.print(JOB));
        assertThat(printer.state().status()).isEqualTo(Status.CLOSED);
    }

    @Test
    void uriThatIsNoPrinterTransportIsRejected() {
        assertThatThrownBy(() -> EscPosPrinter.open(DeviceUri.parse("gpio:17")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gpio:17");
    }

    private static Receipt numbered(int i) {
        Receipt r = TestReceipts.sample(false);
        return new Receipt(List.of("Receipt number " + i), new Receipt.Meta("R-" + i, r.meta().dateTime(), r.meta().till(),
                r.meta().cashier()), r.lines(), r.taxOnTop(), r.rounding(), r.total(), r.payments(), r.change(), r.taxes(),
                null, "S-" + i, r.cardSlip(), r.footer(), false, r.currency());
    }

    private EscPosPrinter printer(String options) {
        EscPosPrinter printer = track(EscPosPrinter.open(DeviceUri.parse(sim.tcpUri() + options)));
        printer.onEvent(events);
        return printer;
    }

    private EscPosPrinter track(EscPosPrinter printer) {
        printers.add(printer);
        return printer;
    }

    static void assertFailsWith(Status status, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.state().status()).as(e.getMessage()).isEqualTo(status))
                .hasMessageContaining("state=" + status);
    }
}

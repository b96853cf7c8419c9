package com.wkpos.edge.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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

/** A sale as the agent would print it: layout from the printer URI, TCP transport, drawer, preview. */
class PrinterTcpIT {
    private PrinterSimulator sim;
    private EscPosPrinter printer;
    private final Await.Events events = new Await.Events();

    @BeforeEach
    void start() throws Exception {
        sim = PrinterSimulator.listen(0);
    }

    @AfterEach
    void stop() {
        if (printer != null) {
            printer.close();
        }
        sim.close();
    }

    @Test
    void saleReceiptAndCopyPrintWithDrawerKickAndPreview(@TempDir Path dir) throws Exception {
        DeviceUri uri = DeviceUri.parse(sim.tcpUri() + "?width=48&codepage=CP858&poll=100");
        printer = EscPosPrinter.open(uri);
        ReceiptLayout layout = ReceiptLayout.forPrinter(uri);
        PrinterDrawer drawer = new PrinterDrawer(printer, DeviceUri.parse("printer:pin2"));

        printer.print(layout.render(SampleReceipts.sale(false)));
        drawer.open();
        printer.print(layout.render(SampleReceipts.sale(true)));
        sim.savePng(1, dir.resolve("copy.png"));

        assertThat(sim.receipts()).hasSize(2);
        assertThat(sim.receipts().get(0)).contains("Brötchen", "Bio-Honig 500g", "7,19 €", "girocard  kontaktlos")
                .doesNotContain("COPY");
        assertThat(sim.receipts().get(1)).contains("KOPIE / COPY", "[QR: " + SampleReceipts.SALE_ID + "]");
        assertThat(sim.drawerKicks(2)).isEqualTo(1);
        assertThat(drawer.isOpen()).contains(true);
        assertThat(Files.size(dir.resolve("copy.png"))).isPositive();
    }

    @Test
    void unplugMidReceiptIsOfflineUntilThePollReconnects() throws Exception {
        printer = EscPosPrinter.open(DeviceUri.parse(sim.tcpUri() + "?poll=50"));
        printer.onEvent(events);
        byte[] job = ReceiptLayout.of(48, "CP858").render(SampleReceipts.sale(false));
        sim.dropConnectionAfter(job.length / 2);

        assertThatThrownBy(() -> printer.print(job)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.state().status()).isEqualTo(Status.OFFLINE));
        events.status("OFFLINE");
        events.status("ONLINE");
        printer.print(job);

        assertThat(sim.awaitReceipts(1, Duration.ofSeconds(5))).containsExactly(PrinterSimulator.decode(job).getFirst());
        assertThat(sim.torn()).hasSize(1);
    }
}

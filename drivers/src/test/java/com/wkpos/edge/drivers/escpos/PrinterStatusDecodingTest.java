package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.function.Consumer;

import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.api.PrinterStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The four DLE EOT answers, as the simulator gives them, decoded by {@link PrinterStatus#fromDleEot}. */
class PrinterStatusDecodingTest {
    private PrinterSimulator sim;
    private EscPosPrinter printer;

    @BeforeEach
    void start() throws IOException {
        sim = PrinterSimulator.listen(0);
        printer = EscPosPrinter.open(DeviceUri.parse(sim.tcpUri() + "?poll=0"));
    }

    @AfterEach
    void stop() {
        printer.close();
        sim.close();
    }

    @Test
    void readyPrinterReportsNothingWrong() throws Exception {
        assertThat(statusAfter(s -> { })).isEqualTo(new PrinterStatus(false, false, false, false, false, false));
        assertThat(sim.statusQueries()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void paperOutIsPaperOutAndOffline() throws Exception {
        PrinterStatus status = statusAfter(s -> s.setPaperOut(true));

        assertThat(status.paperOut()).isTrue();
        assertThat(status.offline()).isTrue();
        assertThat(status.coverOpen()).isFalse();
        assertThat(status.toState().status()).isEqualTo(Status.PAPER_OUT);
    }

    @Test
    void paperNearEndStillPrints() throws Exception {
        PrinterStatus status = statusAfter(s -> s.setPaperNearEnd(true));

        assertThat(status.paperNearEnd()).isTrue();
        assertThat(status.paperOut()).isFalse();
        assertThat(status.toState().status()).isEqualTo(Status.PAPER_NEAR_END);
        assertThat(status.toState().ready()).isTrue();
    }

    @Test
    void coverOpenWinsOverOffline() throws Exception {
        PrinterStatus status = statusAfter(s -> s.setCoverOpen(true));

        assertThat(status.coverOpen()).isTrue();
        assertThat(status.toState().status()).isEqualTo(Status.COVER_OPEN);
    }

    @Test
    void offlineAloneIsOffline() throws Exception {
        PrinterStatus status = statusAfter(s -> s.setOffline(true));

        assertThat(status).isEqualTo(new PrinterStatus(true, false, false, false, false, false));
        assertThat(status.toState().status()).isEqualTo(Status.OFFLINE);
    }

    @Test
    void openDrawerShowsOnTheSensorBitWithItsPolarity() throws Exception {
        assertThat(statusAfter(s -> s.setDrawerOpen(true)).drawerSensorHigh()).isTrue();
        assertThat(statusAfter(s -> s.setDrawerSensorHighWhenOpen(false)).drawerSensorHigh()).isFalse();
        assertThat(statusAfter(s -> s.setDrawerOpen(false)).drawerSensorHigh()).isTrue();
    }

    private PrinterStatus statusAfter(Consumer<PrinterSimulator> script) throws Exception {
        script.accept(sim);
        return printer.status();
    }
}

package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrinterDrawerTest {
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final Events events = new Events();
    private PrinterSimulator sim;

    @BeforeEach
    void start() throws IOException {
        sim = PrinterSimulator.listen(0);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
        sim.close();
    }

    @Test
    void kickOnPin2IsCountedAndTheSensorSaysOpen() throws Exception {
        PrinterDrawer drawer = drawer("?poll=0", "printer:pin2");
        assertThat(drawer.isOpen()).contains(false);

        drawer.open();

        assertThat(sim.drawerKicks(2)).isEqualTo(1);
        assertThat(sim.drawerKicks(5)).isZero();
        assertThat(drawer.isOpen()).contains(true);
    }

    @Test
    void kickOnPin5GoesToPin5() throws Exception {
        drawer("?poll=0", "printer:pin5").open();

        assertThat(sim.drawerKicks(5)).isEqualTo(1);
        assertThat(sim.drawerKicks(2)).isZero();
    }

    @Test
    void statusPollReportsOpenedThenClosed() throws Exception {
        PrinterDrawer drawer = drawer("?poll=20", "printer:pin2");

        drawer.open();
        assertThat(events.await("drawer.opened", e -> true).data()).containsEntry("pin", 2);
        sim.setDrawerOpen(false);

        assertThat(events.await("drawer.closed", e -> true).device()).isEqualTo("printer:pin2");
    }

    @Test
    void lowPolarityDrawerIsOpenWhenTheSensorIsLow() throws Exception {
        sim.setDrawerSensorHighWhenOpen(false);
        PrinterDrawer drawer = drawer("?poll=20", "printer:pin2?open=low");
        assertThat(drawer.isOpen()).contains(false);

        drawer.open();

        events.await("drawer.opened", e -> true);
        assertThat(drawer.isOpen()).contains(true);
    }

    @Test
    void drawerOpensEvenWhenThePaperIsOut() throws Exception {
        sim.setPaperOut(true);
        PrinterDrawer drawer = drawer("?poll=0", "printer:pin2");

        drawer.open();

        assertThat(sim.drawerKicks(2)).isEqualTo(1);
        assertThat(drawer.state().status()).isEqualTo(Status.ONLINE);
    }

    @Test
    void drawerWithoutSensorSaysNothingAboutBeingOpen() throws Exception {
        assertThat(drawer("?poll=0", "printer:pin2?sensor=none").isOpen()).isEmpty();
    }

    @Test
    void onlyPins2And5AreDrawerPins() {
        EscPosPrinter printer = printer("?poll=0");

        assertThatThrownBy(() -> new PrinterDrawer(printer, DeviceUri.parse("printer:pin3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pin2 or pin5");
    }

    private PrinterDrawer drawer(String printerOptions, String uri) {
        PrinterDrawer drawer = new PrinterDrawer(printer(printerOptions), DeviceUri.parse(uri));
        drawer.onEvent(events);
        opened.add(drawer);
        return drawer;
    }

    private EscPosPrinter printer(String options) {
        EscPosPrinter printer = EscPosPrinter.open(DeviceUri.parse(sim.tcpUri() + options));
        opened.add(printer);
        return printer;
    }
}

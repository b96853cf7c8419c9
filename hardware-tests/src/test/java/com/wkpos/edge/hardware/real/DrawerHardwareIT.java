package com.wkpos.edge.hardware.real;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.escpos.EscPosPrinter;
import com.wkpos.edge.drivers.api.CashDrawer;
import com.wkpos.edge.drivers.escpos.PrinterDrawer;
import com.wkpos.edge.drivers.gpio.GpioDrawer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cash drawer on the printer's drawer connector through {@link PrinterDrawer}:
 * {@code WK_EDGE_DRAWER=printer:pin2} (options {@code open=low}, {@code sensor=none}) together with
 * {@code WK_EDGE_PRINTER}, since the kick and the sensor go through the printer.
 */
class DrawerHardwareIT {
    /** A kicked drawer springs open well within this. */
    private static final Duration SENSOR_BOUND = Duration.ofSeconds(10);

    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private EscPosPrinter printer;
    private CashDrawer drawer;

    @BeforeEach
    void connect() {
        DeviceUri drawerUri = Bench.DRAWER.uri();
        if (drawerUri.scheme().equals("gpio")) {
            try {
                drawer = GpioDrawer.open(drawerUri);
            } catch (DeviceException e) {
                throw new AssertionError("GPIO drawer " + drawerUri + ": " + e.getMessage(), e);
            }
        } else {
            Technician.skipUnless(drawerUri.scheme().equals("printer"), drawerUri + ": a drawer is printer:pin2, "
                    + "printer:pin5 or gpio:N");
            Technician.skipUnless(Bench.PRINTER.isSet(), Bench.PRINTER.variable() + " is not set; the drawer is kicked "
                    + "through the printer, so set it too");
            printer = EscPosPrinter.open(Bench.PRINTER.uri());
            drawer = new PrinterDrawer(printer, drawerUri);
        }
        drawer.onEvent(events::add);
        Technician.note("drawer " + drawerUri + " is " + Technician.shown(drawer.state()));
    }

    @AfterEach
    void disconnect() {
        if (drawer != null) {
            drawer.close();
        }
        if (printer != null) {
            printer.close();
        }
    }

    @Test
    void kickOpensTheDrawerAndItsSensorReportsOpenedAndClosed() throws DeviceException {
        Optional<Boolean> open = drawer.isOpen();
        if (open.isEmpty()) {
            kickWithoutSensor();
            return;
        }
        if (open.get()) {
            // waiting for the event, not the sensor, so the events of this first close are all in before counting
            Technician.say("The drawer reads open. Close it now.");
            Technician.awaitAction("a drawer.closed event (if the drawer is closed already, its sensor reads the "
                    + "other way round: add open=low to " + Bench.DRAWER.variable() + ")",
                    () -> seenSince(0, "drawer.closed"));
        }
        int before = events.size();

        drawer.open();

        Technician.await("a drawer.opened event after the kick (none: the drawer did not open, or it has no sensor "
                + "wire, then add sensor=none to " + Bench.DRAWER.variable() + ")", SENSOR_BOUND,
                () -> seenSince(before, "drawer.opened"));
        Technician.say("The drawer opened. Close it now.");
        Technician.awaitAction("a drawer.closed event", () -> seenSince(before, "drawer.closed"));
        assertThat(events.subList(before, events.size())).extracting(DeviceEvent::type)
                .containsSubsequence("drawer.opened", "drawer.closed");
    }

    /** Without a sensor (sensor=none or a write-only printer) only the technician can see it open. */
    private void kickWithoutSensor() throws DeviceException {
        drawer.open();
        Technician.confirm("The drawer has no sensor here; the test kicked it. Did it open?",
                "check the drawer cable is in the printer's DK port, the drawer is unlocked, and pin2/pin5 matches "
                        + "the drawer (try the other one)");
        Technician.say("Close the drawer.");
    }

    /**
     * Reads the sensor first: the printer hands every status answer to the drawer, which turns a change
     * into an event, so this does not depend on the printer's background poll (which {@code poll=0} turns off).
     */
    private boolean seenSince(int index, String type) {
        try {
            drawer.isOpen();
        } catch (DeviceException e) {
            throw new IllegalStateException("printer " + printer.uri() + " stopped answering while the drawer was read",
                    e);
        }
        return events.stream().skip(index).anyMatch(e -> e.type().equals(type));
    }
}

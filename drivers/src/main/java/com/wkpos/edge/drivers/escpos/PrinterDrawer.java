package com.wkpos.edge.drivers.escpos;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.wkpos.edge.drivers.api.CashDrawer;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.api.PrinterStatus;
import org.tinylog.Logger;

/**
 * A cash drawer on a printer's drawer kick-out connector: {@code printer:pin2} or {@code printer:pin5}.
 * Options: {@code open=high|low} (the sensor level that means open, default high), {@code sensor=none}
 * for a drawer without a sensor wire, {@code on} and {@code off} pulse times in ms (default 100, 500).
 *
 * <p>Thread-safe. Kicks go through the printer's lock, so they never land inside a receipt. Open and
 * close are reported as {@code drawer.opened}/{@code drawer.closed} events from the printer's status
 * answers (its background poll), on the printer's event thread. Closing the drawer leaves the printer open.
 */
public final class PrinterDrawer implements CashDrawer {
    private static final int ESC = 0x1B;
    private static final int PULSE_UNIT_MS = 2;

    private final EscPosPrinter printer;
    private final DeviceUri uri;
    private final int pin;
    private final boolean openIsHigh;
    private final boolean hasSensor;
    private final byte[] kick;
    private final List<Consumer<DeviceEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Runnable unsubscribe;
    private Boolean lastOpen;
    private volatile boolean closed;

    /** @throws IllegalArgumentException when the URI is not {@code printer:pin2|pin5} or an option is bad */
    public PrinterDrawer(EscPosPrinter printer, DeviceUri uri) {
        this.printer = Objects.requireNonNull(printer, "printer");
        this.uri = Objects.requireNonNull(uri, "uri");
        if (!uri.scheme().equals("printer")) {
            throw new IllegalArgumentException("a printer drawer needs a printer:pin2 or printer:pin5 URI, not '" + uri + "'");
        }
        this.pin = switch (uri.target()) {
            case "pin2" -> 2;
            case "pin5" -> 5;
            default -> throw new IllegalArgumentException("drawer pin must be pin2 or pin5 in '" + uri + "'");
        };
        this.openIsHigh = switch (uri.option("open", "high")) {
            case "high" -> true;
            case "low" -> false;
            default -> throw new IllegalArgumentException("option open of '" + uri + "' must be high or low");
        };
        this.hasSensor = !uri.option("sensor", "pin3").equals("none") && printer.twoWay();
        this.kick = new byte[] {ESC, 'p', (byte) (pin == 2 ? 0 : 1), pulse("on", 100), pulse("off", 500)};
        this.unsubscribe = hasSensor ? printer.onStatus(this::statusSeen) : () -> { };
    }

    @Override
    public String uri() {
        return uri.raw();
    }

    /** The printer's state, except that paper or cover trouble does not stop a drawer. */
    @Override
    public DeviceState state() {
        if (closed) {
            return DeviceState.of(Status.CLOSED, "closed");
        }
        DeviceState p = printer.state();
        return switch (p.status()) {
            case OFFLINE, ERROR, CLOSED -> p;
            default -> DeviceState.online();
        };
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Sends {@code ESC p m t1 t2} without checking paper; blocks while a receipt prints. */
    @Override
    public void open() throws DeviceException {
        requireOpen();
        printer.send(kick);
    }

    /** Asks the printer now ({@code DLE EOT 1}); empty without a sensor or on a write-only printer. */
    @Override
    public Optional<Boolean> isOpen() throws DeviceException {
        requireOpen();
        if (!hasSensor) {
            return Optional.empty();
        }
        return Optional.of(isOpen(printer.status()));
    }

    @Override
    public void close() {
        closed = true;
        unsubscribe.run();
    }

    private boolean isOpen(PrinterStatus status) {
        return status.drawerSensorHigh() == openIsHigh;
    }

    /**
     * Runs on the printer's single event thread, so {@code lastOpen} needs no lock. The first answer
     * reports an already open drawer, so a screen learns about it after a restart.
     */
    private void statusSeen(PrinterStatus status) {
        boolean open = isOpen(status);
        if (closed || (lastOpen == null && !open) || Boolean.valueOf(open).equals(lastOpen)) {
            lastOpen = open;
            return;
        }
        lastOpen = open;
        DeviceEvent event = new DeviceEvent(uri.raw(), open ? "drawer.opened" : "drawer.closed", Map.of("pin", pin));
        for (Consumer<DeviceEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                Logger.warn(e, "listener of drawer {} failed; keeping it", uri);
            }
        }
    }

    private void requireOpen() throws DeviceException {
        if (closed) {
            throw new DeviceException("drawer=" + uri + " state=CLOSED", DeviceState.of(Status.CLOSED, "closed"));
        }
    }

    private byte pulse(String option, int dfltMs) {
        int ms = uri.intOption(option, dfltMs);
        if (ms < PULSE_UNIT_MS || ms > 255 * PULSE_UNIT_MS) {
            throw new IllegalArgumentException("option " + option + " of '" + uri + "' must be 2..510 ms, was " + ms);
        }
        return (byte) (ms / PULSE_UNIT_MS);
    }
}

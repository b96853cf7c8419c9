package com.wkpos.edge.drivers.gpio;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.pi4j.context.Context;
import com.pi4j.io.IO;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.wkpos.edge.drivers.api.CashDrawer;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;
import org.tinylog.Logger;

/**
 * A cash drawer whose solenoid hangs on a GPIO line through a driver transistor: {@code gpio:17} (BCM
 * line number) with options {@code chip} (gpiochip, default 0; a Raspberry Pi 5 uses 4), {@code pulse}
 * (ms high per kick, default 100), {@code sensor} (BCM input line of the open/closed switch; without it
 * {@link #isOpen()} is empty), {@code open=high|low} (switch level meaning open, default high),
 * {@code pull=up|down|off} (switch bias, default up) and {@code debounce} (ms, default 20). See
 * {@link GpioOptions}.
 *
 * <p>Thread-safe. {@link #open()} blocks for the pulse, and kicks from several threads run one after the
 * other, never overlapping. Switch changes are reported as {@code drawer.opened}/{@code drawer.closed}
 * events (data: {@code pin}, the drive line, and {@code sensor}, the switch line) from a Pi4J listener,
 * debounced on the drawer's own thread (see {@link SensorWatch}); the level at start is not reported.
 *
 * <p>The drawer is {@code ONLINE} once its lines are claimed; a line that fails later turns it
 * {@code OFFLINE} with Pi4J's reason, so the device manager reopens it.
 */
public final class GpioDrawer implements CashDrawer {
    private final DeviceUri uri;
    private final GpioOptions options;
    private final Context context;
    private final boolean ownsContext;
    private final DigitalOutput output;
    private final DigitalInput input;
    private final SensorWatch sensor;
    private final ReentrantLock kicking = new ReentrantLock();
    private final List<Consumer<DeviceEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile DeviceState state = DeviceState.online();
    private volatile boolean closed;

    private GpioDrawer(DeviceUri uri, GpioOptions options, Context context, boolean ownsContext, DigitalOutput output,
                       DigitalInput input) {
        this.uri = uri;
        this.options = options;
        this.context = context;
        this.ownsContext = ownsContext;
        this.output = output;
        this.input = input;
        this.sensor = input == null ? null : new SensorWatch(input, options.openIsHigh(), options.debounce(),
                "gpio-drawer-" + options.line(), this::switched);
    }

    /**
     * Claims the lines on this machine's {@code /dev/gpiochipN} through Pi4J's gpiod provider. The drawer
     * owns the Pi4J context it builds and shuts it down on {@link #close()}. Blocking for as long as
     * claiming takes.
     *
     * @throws DeviceException          OFFLINE when the gpiochip is missing (any machine that is not a
     *                                  Pi); ERROR without permission (the gpio group) or when a line is
     *                                  busy or Pi4J cannot drive the chip
     * @throws IllegalArgumentException for a URI that is not {@code gpio:<line>} or has a bad option
     */
    public static GpioDrawer open(DeviceUri uri) throws DeviceException {
        return open(uri, Gpiochip.DEV);
    }

    /**
     * Claims the lines in an existing Pi4J context (the gpiod provider on a Pi, the mock plugin in tests).
     * The caller keeps the context: {@link #close()} releases only this drawer's lines. The {@code chip}
     * option is not applied here; the context decides the chip.
     *
     * @throws DeviceException          ERROR when a line cannot be claimed (busy, already claimed in this
     *                                  context, or the provider failed)
     * @throws IllegalArgumentException for a URI that is not {@code gpio:<line>} or has a bad option
     */
    public static GpioDrawer open(Context context, DeviceUri uri) throws DeviceException {
        Objects.requireNonNull(context, "context");
        return claim(context, false, GpioOptions.from(uri), uri);
    }

    /** {@link #open(DeviceUri)} with the device directory a test chooses. */
    static GpioDrawer open(DeviceUri uri, Path devDir) throws DeviceException {
        GpioOptions options = GpioOptions.from(uri);
        Context context = Gpiochip.open(devDir, options, uri);
        try {
            return claim(context, true, options, uri);
        } catch (DeviceException e) {
            shutdownQuietly(context);
            throw e;
        }
    }

    @Override
    public String uri() {
        return uri.raw();
    }

    @Override
    public DeviceState state() {
        return closed ? DeviceState.of(Status.CLOSED, "closed") : state;
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Drives the line high for {@code pulse} ms, then low. Blocks for the pulse, and first for any kick
     * already running. The line is driven low even when the wait is interrupted.
     *
     * @throws DeviceException OFFLINE when the line cannot be driven; CLOSED after {@link #close()}; the
     *                         current state when interrupted (the drawer may not have opened)
     */
    @Override
    public void open() throws DeviceException {
        kicking.lock();
        try {
            requireOpen();
            drive(DigitalState.HIGH);
            try {
                Thread.sleep(options.pulse());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException("drawer=" + uri + " kick interrupted before " + options.pulse().toMillis()
                        + " ms; the drawer may not have opened", state(), e);
            } finally {
                drive(DigitalState.LOW);
            }
        } finally {
            kicking.unlock();
        }
    }

    /** Reads the switch now (not debounced); empty without a {@code sensor} line. */
    @Override
    public Optional<Boolean> isOpen() throws DeviceException {
        requireOpen();
        if (sensor == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(sensor.isOpen());
        } catch (RuntimeException e) {
            throw lost("switch line " + options.sensor().getAsInt() + " cannot be read: " + Gpiochip.reason(e), e);
        }
    }

    /**
     * Waits for a kick in progress (at most {@code pulse} ms) so the line ends low, stops the switch
     * watch and releases the lines (and the Pi4J context when this drawer built it). Idempotent; never
     * throws.
     */
    @Override
    public void close() {
        kicking.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (sensor != null) {
                sensor.close();
            }
            if (ownsContext) {
                shutdownQuietly(context);
            } else {
                release(context, input);
                release(context, output);
            }
        } finally {
            kicking.unlock();
        }
    }

    private static GpioDrawer claim(Context context, boolean owns, GpioOptions options, DeviceUri uri)
            throws DeviceException {
        DigitalOutput output = null;
        DigitalInput input = null;
        try {
            output = context.create(DigitalOutput.newConfigBuilder(context)
                    .id("drawer-" + options.chipName() + "-" + options.line())
                    .name("cash drawer " + uri.raw())
                    .address(options.line())
                    .initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW));
            if (options.sensor().isPresent()) {
                input = context.create(DigitalInput.newConfigBuilder(context)
                        .id("drawer-switch-" + options.chipName() + "-" + options.sensor().getAsInt())
                        .name("cash drawer switch " + uri.raw())
                        .address(options.sensor().getAsInt())
                        .pull(options.pull())
                        .debounce(0L));
            }
            return new GpioDrawer(uri, options, context, owns, output, input);
        } catch (RuntimeException | LinkageError e) {
            release(context, input);
            release(context, output);
            String detail = "cannot claim " + lines(options) + " on " + options.chipName() + ": " + Gpiochip.reason(e);
            throw new DeviceException("drawer=" + uri + " state=ERROR: " + detail, DeviceState.of(Status.ERROR, detail), e);
        }
    }

    private void drive(DigitalState level) throws DeviceException {
        try {
            output.state(level);
        } catch (RuntimeException e) {
            throw lost("line " + options.line() + " cannot be driven " + level + ": " + Gpiochip.reason(e), e);
        }
    }

    /** Runs on the switch watch's thread; a listener that throws is logged and kept. */
    private void switched(boolean open) {
        if (closed) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pin", options.line());
        data.put("sensor", options.sensor().getAsInt());
        DeviceEvent event = new DeviceEvent(uri.raw(), open ? "drawer.opened" : "drawer.closed", data);
        for (Consumer<DeviceEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                Logger.warn(e, "listener of drawer {} failed on {}; keeping it", uri, event.type());
            }
        }
    }

    private DeviceException lost(String detail, RuntimeException cause) {
        DeviceState lost = DeviceState.of(Status.OFFLINE, detail);
        state = lost;
        return new DeviceException("drawer=" + uri + " state=OFFLINE: " + detail, lost, cause);
    }

    private void requireOpen() throws DeviceException {
        if (closed) {
            throw new DeviceException("drawer=" + uri + " state=CLOSED", DeviceState.of(Status.CLOSED, "closed"));
        }
    }

    private static String lines(GpioOptions options) {
        return options.sensor().isPresent()
                ? "lines " + options.line() + " and " + options.sensor().getAsInt() + " (switch)"
                : "line " + options.line();
    }

    /** Releases one line claimed in a context this drawer does not own; logs instead of throwing. */
    private static void release(Context context, IO<?, ?, ?> io) {
        if (io == null) {
            return;
        }
        try {
            context.shutdown(io);
        } catch (RuntimeException e) {
            Logger.warn(e, "GPIO line {} could not be released", io.id());
        }
    }

    private static void shutdownQuietly(Context context) {
        try {
            context.shutdown();
        } catch (RuntimeException e) {
            Logger.warn(e, "Pi4J context could not be shut down cleanly");
        }
    }
}

package com.wkpos.edge.drivers.display;

import com.wkpos.edge.drivers.api.CustomerDisplay;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * A 2×20 customer pole display on a serial port, driven with the CD5220 command set (see
 * {@link Cd5220}): {@code serial:/dev/ttyUSB1?baud=9600&charset=IBM437}. Options: {@code baud} (9600,
 * always 8N1) and {@code charset}, the display's code page (IBM437, the usual factory setting; IBM850,
 * IBM00858 with €, …).
 *
 * <p>A write that fails (unplugged) closes the port, sets OFFLINE and throws; the next {@link #show}
 * opens the port again, initialises the display and writes, so the caller reconnects by simply showing
 * the next lines. A pole display reports nothing by itself: listeners given to {@link #onEvent} are
 * never called. Thread-safe: calls are serialised; {@code show} blocks while the bytes are written
 * (about 50 ms at 9600 baud).
 */
public final class SerialPoleDisplay implements CustomerDisplay {
    private static final Set<String> OPTIONS = Set.of("baud", "charset");

    private final DeviceUri uri;
    private final int baud;
    private final Charset codePage;
    private SerialPort port;
    private volatile DeviceState state = DeviceState.of(DeviceState.Status.CLOSED, "not opened");
    private boolean closed;

    private SerialPoleDisplay(DeviceUri uri) {
        if (!uri.scheme().equals("serial")) {
            throw new IllegalArgumentException("a pole display needs a serial: URI, was '" + uri.raw() + "'");
        }
        Set<String> unknown = new HashSet<>(uri.options().keySet());
        unknown.removeAll(OPTIONS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + " in pole display URI '" + uri.raw()
                    + "'; known: " + OPTIONS);
        }
        this.uri = uri;
        this.baud = uri.intOption("baud", SerialPort.BAUDRATE_9600);
        this.codePage = codePage(uri);
    }

    /**
     * Opens the port and initialises the display (ESC @, FF).
     *
     * @throws DeviceException          OFFLINE when the port is missing, busy or cannot be written
     * @throws IllegalArgumentException for a URI that is not {@code serial:} or has a bad option
     */
    public static SerialPoleDisplay open(DeviceUri uri) throws DeviceException {
        SerialPoleDisplay display = new SerialPoleDisplay(uri);
        synchronized (display) {
            display.connect();
        }
        return display;
    }

    @Override
    public synchronized void show(String line1, String line2) throws DeviceException {
        if (closed) {
            throw new DeviceException("display=" + uri + " state=CLOSED", state);
        }
        if (port == null) {
            connect();
        }
        write(Cd5220.show(line1, line2, codePage));
    }

    @Override
    public String uri() {
        return uri.raw();
    }

    @Override
    public DeviceState state() {
        return state;
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        Objects.requireNonNull(listener, "listener");
    }

    /** Closes the port; what the display shows stays. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        closePort();
        state = DeviceState.of(DeviceState.Status.CLOSED, "closed");
    }

    private void connect() throws DeviceException {
        SerialPort opened = new SerialPort(uri.target());
        try {
            opened.openPort();
            if (!opened.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE)) {
                // A pseudo-terminal has no modem lines: jssc reports false although speed and framing are set.
                Logger.debug("display={} could not set RTS/DTR; fine for a pty or a display that ignores them", uri);
            }
        } catch (SerialPortException e) {
            if (opened.isOpened()) {
                port = opened;
                closePort();
            }
            throw offline("cannot open " + uri.target() + ": " + e.getExceptionType(), e);
        }
        port = opened;
        write(Cd5220.init());
        if (state.status() != DeviceState.Status.ONLINE) {
            Logger.info("display={} state=ONLINE", uri);
        }
        state = DeviceState.online();
    }

    private void write(byte[] bytes) throws DeviceException {
        try {
            if (!port.writeBytes(bytes)) {
                throw offline("short write of " + bytes.length + " bytes", null);
            }
        } catch (SerialPortException e) {
            throw offline("write failed: " + e.getExceptionType(), e);
        }
    }

    /** Closes the port and returns the exception to throw; the next show reopens it. */
    private DeviceException offline(String detail, Exception cause) {
        closePort();
        state = DeviceState.of(DeviceState.Status.OFFLINE, detail);
        return new DeviceException("display=" + uri + " state=OFFLINE " + detail, state, cause);
    }

    private void closePort() {
        if (port == null) {
            return;
        }
        try {
            if (port.isOpened()) {
                port.closePort();
            }
        } catch (SerialPortException e) {
            Logger.debug(e, "display={} closing the port failed", uri);
        } finally {
            port = null;
        }
    }

    private static Charset codePage(DeviceUri uri) {
        String name = uri.option("charset", "IBM437");
        try {
            return Cd5220.requireSingleByte(Charset.forName(name));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("option charset of pole display URI '" + uri.raw()
                    + "' names no charset this JVM knows: " + name, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pole display URI '" + uri.raw() + "': " + e.getMessage(), e);
        }
    }
}

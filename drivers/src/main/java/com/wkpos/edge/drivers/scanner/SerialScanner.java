package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.BarcodeScanner;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * A barcode scanner on a serial or USB-CDC port that sends each code followed by a suffix:
 * {@code serial:/dev/ttyACM0?baud=9600&suffix=CR}. Options: {@code baud} (9600; always 8N1),
 * {@code suffix} CR|LF|CRLF|TAB (CR; with CR a CRLF scanner reads fine too), and the shared
 * {@code maxLength}, {@code dedupe} and {@code gap} (see {@link ScanOptions}).
 *
 * <p>Reconnecting is the caller's job: when the port is lost (unplugged) the scanner goes
 * {@code OFFLINE}, emits a {@code device.state} event and stays so; the device manager calls
 * {@link #reconnect()} on its own retry schedule. Thread-safe; scans are delivered on the scanner's
 * reader thread.
 */
public final class SerialScanner implements BarcodeScanner {
    private static final Set<String> OWN_OPTIONS = Set.of("baud", "suffix");

    private final DeviceUri uri;
    private final int baud;
    private final Suffix suffix;
    private final ScanOptions options;
    private final ScanDispatcher dispatcher;
    private final Object lock = new Object();
    private SerialReadLoop loop;
    private boolean closed;

    private SerialScanner(DeviceUri uri, Clock clock) {
        if (!uri.scheme().equals("serial")) {
            throw new IllegalArgumentException("a serial scanner needs a serial: URI, was '" + uri.raw() + "'");
        }
        this.uri = uri;
        this.options = ScanOptions.from(uri, OWN_OPTIONS);
        this.baud = uri.intOption("baud", SerialPort.BAUDRATE_9600);
        this.suffix = Suffix.of(uri);
        this.dispatcher = new ScanDispatcher(uri.raw(), new Debouncer(clock, options.dedupe()));
    }

    /**
     * Opens the port and starts reading. Blocking for as long as opening the port takes (milliseconds).
     *
     * @throws DeviceException          state OFFLINE when the port is missing, busy or not accessible
     * @throws IllegalArgumentException for a URI that is not {@code serial:} or has a bad option
     */
    public static SerialScanner open(DeviceUri uri) throws DeviceException {
        return open(uri, Clock.systemUTC());
    }

    static SerialScanner open(DeviceUri uri, Clock clock) throws DeviceException {
        SerialScanner scanner = new SerialScanner(uri, clock);
        scanner.reconnect();
        return scanner;
    }

    /**
     * Opens the port again after it was lost. Does nothing while the scanner is reading. Blocking for as
     * long as opening the port takes.
     *
     * @throws DeviceException state OFFLINE while the port is still missing, state CLOSED after close
     */
    public void reconnect() throws DeviceException {
        SerialReadLoop finished = null;
        try {
            synchronized (lock) {
                if (closed) {
                    throw new DeviceException("scanner=" + uri + " state=CLOSED",
                            DeviceState.of(DeviceState.Status.CLOSED, ""));
                }
                if (loop != null && loop.isRunning()) {
                    return;
                }
                finished = loop;
                loop = null;
                SerialPort port = openPort();
                SuffixFramer framer = new SuffixFramer(suffix, new CodeBuffer(options.maxLength(), dispatcher));
                SerialReadLoop next = new SerialReadLoop(uri.raw(), port, framer, options.gap().toNanos(), this::lost);
                loop = next;
                next.start();
                dispatcher.state(DeviceState.online());
            }
        } finally {
            // the lost reader may still be on its way out: wait for it, outside the lock it may need
            if (finished != null) {
                finished.stop();
            }
        }
    }

    @Override
    public void onScan(Consumer<Scan> listener) {
        dispatcher.onScan(listener);
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        dispatcher.onEvent(listener);
    }

    @Override
    public String uri() {
        return uri.raw();
    }

    @Override
    public DeviceState state() {
        return dispatcher.state();
    }

    /** Stops the reader (bounded, about 10 ms) and closes the port. Idempotent. */
    @Override
    public void close() {
        SerialReadLoop stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = loop;
            loop = null;
            dispatcher.state(DeviceState.of(DeviceState.Status.CLOSED, "closed"));
        }
        if (stopping != null) {
            stopping.stop();
        }
    }

    private void lost(SerialReadLoop which, String reason) {
        synchronized (lock) {
            if (!closed && which == loop) {
                dispatcher.state(DeviceState.of(DeviceState.Status.OFFLINE, reason));
            }
        }
    }

    private SerialPort openPort() throws DeviceException {
        String path = uri.target();
        SerialPort port = new SerialPort(path);
        try {
            port.openPort();
        } catch (SerialPortException e) {
            DeviceState offline = DeviceState.of(DeviceState.Status.OFFLINE, e.getExceptionType());
            throw new DeviceException("scanner=" + uri + " state=OFFLINE cannot open " + path + ": "
                    + e.getExceptionType() + hint(e), offline, e);
        }
        try {
            if (!port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE)) {
                // A pseudo-terminal has no modem lines: jssc reports false although speed and framing are set.
                Logger.debug("scanner={} could not set RTS/DTR; fine for a pty or a scanner that ignores them", uri);
            }
            return port;
        } catch (SerialPortException e) {
            closeQuietly(port);
            DeviceState offline = DeviceState.of(DeviceState.Status.OFFLINE, "cannot set " + baud + " 8N1");
            throw new DeviceException("scanner=" + uri + " state=OFFLINE cannot set " + baud + " baud 8N1 on " + path,
                    offline, e);
        }
    }

    private static String hint(SerialPortException e) {
        return SerialPortException.TYPE_PERMISSION_DENIED.equals(e.getExceptionType())
                ? " (add the service user to the dialout group)" : "";
    }

    private void closeQuietly(SerialPort port) {
        try {
            port.closePort();
        } catch (SerialPortException e) {
            Logger.debug(e, "scanner={} closing a half-opened port failed", uri);
        }
    }
}

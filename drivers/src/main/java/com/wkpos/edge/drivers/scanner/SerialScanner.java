package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Clock;
import java.util.Set;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * A barcode scanner on a serial or USB-CDC port that sends each code followed by a suffix:
 * {@code serial:/dev/ttyACM0?baud=9600&suffix=CR}. Options: {@code baud} (9600; always 8N1),
 * {@code suffix} CR|LF|CRLF|TAB (CR; with CR a CRLF scanner reads fine too), and the shared
 * {@code maxLength}, {@code dedupe} and {@code gap} (see {@link ScanOptions}).
 *
 * <p>Reconnecting is the caller's job ({@link #reconnect()}); see {@link LoopScanner}. Thread-safe; scans
 * are delivered on the scanner's reader thread.
 */
public final class SerialScanner extends LoopScanner {
    private static final Set<String> OWN_OPTIONS = Set.of("baud", "suffix");

    private final int baud;
    private final Suffix suffix;

    private SerialScanner(DeviceUri uri, Clock clock) {
        super(uri, "serial", "a serial scanner needs a serial: URI", OWN_OPTIONS, clock);
        this.baud = uri.intOption("baud", SerialPort.BAUDRATE_9600);
        this.suffix = Suffix.of(uri);
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

    @Override
    ReadLoop openLoop() throws DeviceException {
        SuffixFramer framer = new SuffixFramer(suffix, new CodeBuffer(options.maxLength(), dispatcher));
        return new SerialReadLoop(uri.raw(), openPort(), framer, options.gap().toNanos(), this::lost);
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

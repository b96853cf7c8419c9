package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.tinylog.Logger;

/**
 * A USB keyboard-wedge scanner read from its Linux evdev node:
 * {@code evdev:/dev/input/by-id/usb-…-event-kbd?keymap=de}. It takes an exclusive grab
 * ({@code EVIOCGRAB}) so scans never reach the console or another program; {@code grab=false} skips
 * it (for a FIFO or a file in tests). Options: {@code grab} (true), {@code keymap} us|de (us; see
 * {@link Keymap}) and the shared {@code maxLength}, {@code dedupe} and {@code gap} (see
 * {@link ScanOptions}). Needs {@code --enable-native-access} for the libc calls (FFM).
 *
 * <p>Reconnecting is the caller's job ({@link #reconnect()}); see {@link LoopScanner}. Thread-safe; scans
 * are delivered on the scanner's reader thread.
 */
public final class EvdevScanner extends LoopScanner {
    private static final Set<String> OWN_OPTIONS = Set.of("grab", "keymap");

    private final boolean grab;
    private final Keymap keymap;

    private EvdevScanner(DeviceUri uri, Clock clock) {
        super(uri, "evdev", "a keyboard-wedge scanner needs an evdev: URI", OWN_OPTIONS, clock);
        this.grab = booleanOption(uri, "grab");
        this.keymap = Keymap.of(uri);
    }

    /**
     * Opens the device, grabs it and starts reading. Blocking for as long as opening takes.
     *
     * @throws DeviceException          OFFLINE when the node is missing; ERROR when it cannot be opened
     *                                  (permission: the service user must be in the input group) or
     *                                  grabbed (not an input device, or grabbed by another program)
     * @throws IllegalArgumentException for a URI that is not {@code evdev:} or has a bad option
     */
    public static EvdevScanner open(DeviceUri uri) throws DeviceException {
        return open(uri, Clock.systemUTC());
    }

    static EvdevScanner open(DeviceUri uri, Clock clock) throws DeviceException {
        EvdevScanner scanner = new EvdevScanner(uri, clock);
        scanner.reconnect();
        return scanner;
    }

    @Override
    ReadLoop openLoop() throws DeviceException {
        int fd = openDevice();
        CodeBuffer buffer = new CodeBuffer(options.maxLength(), dispatcher);
        KeyDecoder decoder = new KeyDecoder(keymap, buffer, dispatcher);
        return new EvdevReadLoop(uri.raw(), fd, InputEventParser.forThisMachine(), decoder, options.gap().toNanos(),
                this::lost);
    }

    private int openDevice() throws DeviceException {
        String path = uri.target();
        int fd;
        try {
            fd = LibC.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        } catch (LibC.ErrnoException e) {
            throw openFailed(path, e);
        }
        if (grab) {
            try {
                LibC.ioctl(fd, LibC.EVIOCGRAB, 1);
            } catch (LibC.ErrnoException e) {
                closeQuietly(fd);
                throw grabFailed(path, e);
            }
        }
        return fd;
    }

    private DeviceException openFailed(String path, LibC.ErrnoException e) {
        return switch (e.errno()) {
            case LibC.ENOENT, LibC.ENODEV -> failure(DeviceState.Status.OFFLINE,
                    "no device " + path + " (unplugged?)", e);
            case LibC.EACCES, LibC.EPERM -> failure(DeviceState.Status.ERROR, "permission denied opening " + path
                    + ": add the service user to the input group (or install the WK Edge udev rule)", e);
            default -> failure(DeviceState.Status.ERROR, "cannot open " + path + ": " + e.getMessage(), e);
        };
    }

    private DeviceException grabFailed(String path, LibC.ErrnoException e) {
        return switch (e.errno()) {
            case LibC.EBUSY -> failure(DeviceState.Status.ERROR, "cannot grab " + path
                    + ": another program holds it grabbed (a second WK Edge, a kiosk tool?)", e);
            case LibC.ENOTTY, LibC.EINVAL -> failure(DeviceState.Status.ERROR, "cannot grab " + path
                    + ": not an input event device (" + e.getMessage() + "); use /dev/input/by-id/…-event-kbd", e);
            case LibC.EACCES, LibC.EPERM -> failure(DeviceState.Status.ERROR, "permission denied grabbing " + path
                    + ": add the service user to the input group", e);
            default -> failure(DeviceState.Status.ERROR, "cannot grab " + path + ": " + e.getMessage(), e);
        };
    }

    private DeviceException failure(DeviceState.Status status, String detail, Exception cause) {
        return new DeviceException("scanner=" + uri + " state=" + status + " " + detail, DeviceState.of(status, detail),
                cause);
    }

    private void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (LibC.ErrnoException e) {
            Logger.debug("scanner={} closing fd {} after a failed grab: {}", uri, fd, e.getMessage());
        }
    }

    private static boolean booleanOption(DeviceUri uri, String name) {
        String value = uri.option(name, "true").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("option " + name + " of scanner URI '" + uri.raw()
                    + "' must be true or false, was " + value);
        };
    }
}

package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import com.wkpos.edge.drivers.api.DeviceUri;

/**
 * How to reach a printer, parsed once from its URI. Options (all milliseconds except {@code baud}):
 * {@code connectTimeout} (3000), {@code timeout} for one status answer (1000), {@code writeTimeout}
 * for one job (10000), {@code poll} status interval (2000, 0 = off; always off on usblp) and
 * {@code baud} (38400, serial only). Raw USB ({@code usb:VID:PID}) adds {@code interface} and {@code detach},
 * see {@link UsbTarget}.
 */
record PrinterOptions(DeviceUri uri, Duration connectTimeout, Duration timeout, Duration writeTimeout,
                      Duration poll, int baud) {
    static final int DEFAULT_PORT = 9100;

    PrinterOptions {
        requirePositive(uri, "connectTimeout", connectTimeout);
        requirePositive(uri, "timeout", timeout);
        requirePositive(uri, "writeTimeout", writeTimeout);
        if (poll.isNegative()) {
            throw new IllegalArgumentException("option poll of '" + uri + "' must be 0 (off) or more, was " + poll.toMillis());
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("option baud of '" + uri + "' must be positive, was " + baud);
        }
    }

    /** @throws IllegalArgumentException for a scheme that is not a printer transport or a bad option */
    static PrinterOptions from(DeviceUri uri) {
        boolean oneWay = switch (uri.scheme()) {
            case "tcp", "serial", "usb" -> false;
            case "usblp" -> true;
            default -> throw new IllegalArgumentException("an ESC/POS printer needs a tcp:, serial:, usblp: or usb: URI, not '"
                    + uri + "'");
        };
        if (uri.scheme().equals("tcp")) {
            uri.port(DEFAULT_PORT);
        }
        if (uri.scheme().equals("usb")) {
            UsbTarget.from(uri);
        }
        return new PrinterOptions(uri, millis(uri, "connectTimeout", 3000), millis(uri, "timeout", 1000),
                millis(uri, "writeTimeout", 10_000), oneWay ? Duration.ZERO : millis(uri, "poll", 2000),
                uri.intOption("baud", 38_400));
    }

    /**
     * Opens a new link. Blocks at most {@link #connectTimeout} for TCP; opening a file, port or USB interface
     * is quick.
     */
    Link openLink() throws IOException {
        return switch (uri.scheme()) {
            case "tcp" -> TcpLink.connect(uri.host(), uri.port(DEFAULT_PORT), connectTimeout);
            case "serial" -> SerialLink.open(uri.target(), baud);
            case "usblp" -> UsblpLink.open(Path.of(uri.target()));
            case "usb" -> UsbLink.open(UsbTarget.from(uri), writeTimeout);
            default -> throw new IllegalStateException("checked in from(): " + uri);
        };
    }

    boolean polls() {
        return !poll.isZero();
    }

    private static Duration millis(DeviceUri uri, String name, int dflt) {
        return Duration.ofMillis(uri.intOption(name, dflt));
    }

    private static void requirePositive(DeviceUri uri, String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("option " + name + " of '" + uri + "' must be positive, was " + value.toMillis());
        }
    }
}

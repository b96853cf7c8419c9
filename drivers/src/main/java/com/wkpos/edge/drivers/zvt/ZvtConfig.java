package com.wkpos.edge.drivers.zvt;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Duration;
import java.util.Set;

/**
 * A terminal's settings, read once from its device URI: {@code zvt+tcp://host:20007} or
 * {@code zvt+serial:/dev/ttyUSB1?baud=9600}, with options {@code password} (6 digits, default
 * 000000), {@code timeout} (ms for a whole transaction, default 120000) and {@code ackTimeout} (ms
 * for an acknowledgement, default 5000).
 *
 * @param host   TCP only
 * @param port   TCP only
 * @param device serial only: the device path
 * @param baud   serial only
 */
record ZvtConfig(String uri, boolean serial, String host, int port, String device, int baud, String password,
                 Duration timeout, Duration ackTimeout) {
    static final int DEFAULT_PORT = 20007;
    static final int DEFAULT_BAUD = 9600;
    private static final Set<String> OPTIONS = Set.of("password", "timeout", "ackTimeout", "baud");

    ZvtConfig {
        if (!password.matches("\\d{6}")) {
            throw new IllegalArgumentException("option password of '" + uri + "' must be 6 digits");
        }
        if (timeout.isNegative() || timeout.isZero() || ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("options timeout and ackTimeout of '" + uri + "' must be positive");
        }
        if (serial && baud <= 0) {
            throw new IllegalArgumentException("option baud of '" + uri + "' must be positive, was " + baud);
        }
    }

    /** @throws IllegalArgumentException naming the URI and the bad part */
    static ZvtConfig from(DeviceUri uri) {
        boolean serial = switch (uri.scheme()) {
            case "zvt+tcp" -> false;
            case "zvt+serial" -> true;
            default -> throw new IllegalArgumentException("a ZVT terminal needs a zvt+tcp or zvt+serial URI, not '"
                    + uri + "'");
        };
        for (String key : uri.options().keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option '" + key + "' in '" + uri + "'; known: " + OPTIONS);
            }
        }
        Duration timeout = Duration.ofMillis(uri.intOption("timeout", 120_000));
        Duration ackTimeout = Duration.ofMillis(uri.intOption("ackTimeout", 5_000));
        String password = uri.option("password", "000000");
        if (serial) {
            return new ZvtConfig(uri.raw(), true, "", 0, uri.target(), uri.intOption("baud", DEFAULT_BAUD), password,
                    timeout, ackTimeout);
        }
        return new ZvtConfig(uri.raw(), false, uri.host(), uri.port(DEFAULT_PORT), "", 0, password, timeout,
                ackTimeout);
    }
}

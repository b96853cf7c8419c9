package com.wkpos.edge.hardware.real;

import java.time.Duration;
import java.util.Locale;

import com.wkpos.edge.drivers.api.DeviceUri;

/**
 * What the technician connected, one environment variable per device kind. A test whose variable is
 * unset is skipped (a JUnit assumption naming the variable), so a technician tests just the devices at
 * hand.
 */
enum Bench {
    PRINTER("WK_EDGE_PRINTER", "tcp://192.168.1.50:9100, usblp:/dev/usb/lp0 or serial:/dev/ttyUSB0?baud=38400"),
    DRAWER("WK_EDGE_DRAWER", "printer:pin2"),
    SCANNER("WK_EDGE_SCANNER", "serial:/dev/ttyACM0 or evdev:/dev/input/by-id/usb-…-event-kbd"),
    TERMINAL("WK_EDGE_TERMINAL", "zvt+tcp://192.168.1.60:20007 or zvt+serial:/dev/ttyUSB1"),
    DISPLAY("WK_EDGE_DISPLAY", "serial:/dev/ttyUSB1?baud=9600");

    /** How long a test waits for a person to act or answer; WK_EDGE_WAIT_SECONDS overrides it. */
    private static final Duration DEFAULT_HUMAN_WAIT = Duration.ofSeconds(120);

    private final String variable;
    private final String example;

    Bench(String variable, String example) {
        this.variable = variable;
        this.example = example;
    }

    String variable() {
        return variable;
    }

    boolean isSet() {
        String value = System.getenv(variable);
        return value != null && !value.isBlank();
    }

    /**
     * The device URI from the variable; skips the calling test when it is unset.
     *
     * @throws IllegalArgumentException naming the variable when its value is no device URI
     */
    DeviceUri uri() {
        Technician.skipUnless(isSet(), variable + " is not set; set it to the device's URI to test it, e.g. "
                + example);
        try {
            return DeviceUri.parse(System.getenv(variable).strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage(), e);
        }
    }

    /** True when {@code variable} is {@code yes}, for steps a technician must ask for explicitly. */
    static boolean yes(String variable) {
        String value = System.getenv(variable);
        return value != null && value.strip().toLowerCase(Locale.ROOT).equals("yes");
    }

    static Duration humanWait() {
        String value = System.getenv("WK_EDGE_WAIT_SECONDS");
        if (value == null || value.isBlank()) {
            return DEFAULT_HUMAN_WAIT;
        }
        if (!value.strip().matches("[1-9][0-9]{0,5}")) {
            throw new IllegalArgumentException("WK_EDGE_WAIT_SECONDS must be a whole number of seconds "
                    + "(1..999999), was " + value);
        }
        return Duration.ofSeconds(Long.parseLong(value.strip()));
    }
}

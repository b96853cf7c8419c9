package com.wkpos.edge.drivers.gpio;

import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;

import com.pi4j.io.gpio.digital.PullResistance;
import com.wkpos.edge.drivers.api.DeviceUri;

/**
 * The options of a {@code gpio:} drawer URI, parsed and checked once when the drawer is made, so a typo
 * fails at start-up with the option's name instead of pulsing the wrong line.
 *
 * @param chip       the gpiochip both lines belong to (option {@code chip}, default 0; a Raspberry Pi 5
 *                   exposes its header on 4)
 * @param line       the BCM line that drives the drawer solenoid (the URI target, e.g. {@code gpio:17})
 * @param pulse      how long the line stays high per kick (option {@code pulse} in ms, default 100)
 * @param sensor     the BCM input line of the drawer's open/closed switch (option {@code sensor}); empty
 *                   for a drawer without a switch wire
 * @param openIsHigh whether a high switch level means open (option {@code open=high|low}, default high)
 * @param pull       the bias of the switch input (option {@code pull=up|down|off}, default up)
 * @param debounce   how long the switch must rest at a level before it counts (option {@code debounce}
 *                   in ms, default 20; 0 reports every level change)
 */
record GpioOptions(int chip, int line, Duration pulse, OptionalInt sensor, boolean openIsHigh, PullResistance pull,
                   Duration debounce) {
    static final int MAX_CHIP = 31;
    static final int MAX_LINE = 63;
    static final Duration MIN_PULSE = Duration.ofMillis(10);
    /** Longer pulses heat a drawer solenoid without opening it any better. */
    static final Duration MAX_PULSE = Duration.ofSeconds(1);
    static final Duration MAX_DEBOUNCE = Duration.ofSeconds(1);

    private static final Set<String> KNOWN = Set.of("chip", "pulse", "sensor", "open", "pull", "debounce");
    private static final Set<String> NEED_SENSOR = Set.of("open", "pull", "debounce");

    GpioOptions {
        requireRange("chip", chip, 0, MAX_CHIP);
        requireRange("line", line, 0, MAX_LINE);
        requireRange("pulse", pulse.toMillis(), MIN_PULSE.toMillis(), MAX_PULSE.toMillis());
        requireRange("debounce", debounce.toMillis(), 0, MAX_DEBOUNCE.toMillis());
        if (sensor.isPresent()) {
            requireRange("sensor", sensor.getAsInt(), 0, MAX_LINE);
            if (sensor.getAsInt() == line) {
                throw new IllegalArgumentException("option sensor must be another line than the drawer line " + line);
            }
        }
    }

    /**
     * Reads a {@code gpio:<line>?chip=&pulse=&sensor=&open=&pull=&debounce=} URI.
     *
     * @throws IllegalArgumentException naming the URI and the bad or unknown option
     */
    static GpioOptions from(DeviceUri uri) {
        if (!uri.scheme().equals("gpio")) {
            throw new IllegalArgumentException("a GPIO drawer needs a gpio:<line> URI such as gpio:17, not '" + uri.raw() + "'");
        }
        try {
            refuseUnknown(uri);
            OptionalInt sensor = uri.options().containsKey("sensor")
                    ? OptionalInt.of(number(uri, "sensor", 0)) : OptionalInt.empty();
            return new GpioOptions(number(uri, "chip", 0), line(uri), Duration.ofMillis(number(uri, "pulse", 100)),
                    sensor, level(uri), pull(uri), Duration.ofMillis(number(uri, "debounce", 20)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("drawer URI '" + uri.raw() + "': " + e.getMessage(), e);
        }
    }

    /** The device node the lines live on, e.g. {@code gpiochip0}. */
    String chipName() {
        return "gpiochip" + chip;
    }

    private static void refuseUnknown(DeviceUri uri) {
        Set<String> unknown = new HashSet<>(uri.options().keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s) " + unknown + "; known: " + KNOWN);
        }
        if (!uri.options().containsKey("sensor")) {
            for (String name : NEED_SENSOR) {
                if (uri.options().containsKey(name)) {
                    throw new IllegalArgumentException("option " + name + " needs option sensor (the input line of the drawer switch)");
                }
            }
        }
    }

    private static int line(DeviceUri uri) {
        try {
            return Integer.parseInt(uri.target());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the line must be a BCM line number such as gpio:17, was '" + uri.target() + "'");
        }
    }

    private static int number(DeviceUri uri, String option, int dflt) {
        String value = uri.option(option, null);
        if (value == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " must be a whole number, was '" + value + "'");
        }
    }

    private static boolean level(DeviceUri uri) {
        return switch (uri.option("open", "high")) {
            case "high" -> true;
            case "low" -> false;
            default -> throw new IllegalArgumentException("option open must be high or low, was " + uri.option("open", ""));
        };
    }

    private static PullResistance pull(DeviceUri uri) {
        return switch (uri.option("pull", "up")) {
            case "up" -> PullResistance.PULL_UP;
            case "down" -> PullResistance.PULL_DOWN;
            case "off" -> PullResistance.OFF;
            default -> throw new IllegalArgumentException("option pull must be up, down or off, was " + uri.option("pull", ""));
        };
    }

    private static void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            String what = option.equals("line") ? "the line" : "option " + option;
            String unit = option.equals("pulse") || option.equals("debounce") ? " ms" : "";
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + unit + ", was " + value);
        }
    }
}

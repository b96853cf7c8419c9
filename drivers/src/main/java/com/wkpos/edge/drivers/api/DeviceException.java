package com.wkpos.edge.drivers.api;

/**
 * A device could not do what was asked because of its environment: unplugged, offline, out of paper,
 * not answering. The message carries the device and its state, e.g.
 * {@code printer=tcp://10.0.0.5:9100 state=PAPER_OUT after 3000 ms}. Misuse is an
 * {@link IllegalArgumentException}; a card decline is a {@link CardOutcome}, never this.
 */
public final class DeviceException extends Exception {
    private final DeviceState state;

    public DeviceException(String message, DeviceState state, Throwable cause) {
        super(message, cause);
        this.state = state;
    }

    public DeviceException(String message, DeviceState state) {
        this(message, state, null);
    }

    /** The device's state when it failed. */
    public DeviceState state() {
        return state;
    }
}

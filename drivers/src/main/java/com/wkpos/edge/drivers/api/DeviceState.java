package com.wkpos.edge.drivers.api;

/**
 * What a device is doing now, as shown on {@code /api/v1/health} and the status page.
 *
 * @param detail a short human text (e.g. {@code "connection refused"}), never null
 */
public record DeviceState(Status status, String detail) {
    public enum Status {
        /** Connected and ready. */
        ONLINE,
        /** Not reachable (unplugged, powered off, connection refused); the device manager retries. */
        OFFLINE,
        /** Printer: paper roll ended; jobs wait until it is reloaded. */
        PAPER_OUT,
        /** Printer: paper near end; still prints. */
        PAPER_NEAR_END,
        /** Printer: cover open; jobs wait. */
        COVER_OPEN,
        /** The device reported an error it may not recover from by itself (cutter jam, …). */
        ERROR,
        /** Not opened yet or closed. */
        CLOSED
    }

    public DeviceState {
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        detail = detail == null ? "" : detail;
    }

    public static DeviceState online() {
        return new DeviceState(Status.ONLINE, "");
    }

    public static DeviceState of(Status status, String detail) {
        return new DeviceState(status, detail);
    }

    /** True when the device can do its work now (a printer with paper near end still prints). */
    public boolean ready() {
        return status == Status.ONLINE || status == Status.PAPER_NEAR_END;
    }
}

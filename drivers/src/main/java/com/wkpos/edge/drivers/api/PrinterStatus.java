package com.wkpos.edge.drivers.api;

/**
 * A receipt printer's real-time status, from the four ESC/POS {@code DLE EOT n} answers:
 * n=1 bit2 drawer sensor (pin 3) level, bit3 offline; n=2 bit2 cover open, bit5 paper-end stop,
 * bit6 error; n=3 bit3 cutter error, bit5 unrecoverable, bit6 auto-recoverable;
 * n=4 bits 2-3 paper near end, bits 5-6 paper out.
 *
 * @param drawerSensorHigh the raw level of the drawer kick-out connector pin 3; whether high means
 *                         open depends on the drawer (polarity is configured by the drawer, not here)
 */
public record PrinterStatus(boolean offline, boolean coverOpen, boolean paperOut, boolean paperNearEnd,
                            boolean error, boolean drawerSensorHigh) {

    /** Decodes the status bytes answered to {@code DLE EOT 1}, {@code 2}, {@code 3} and {@code 4}. */
    public static PrinterStatus fromDleEot(int printer, int offlineCause, int errorCause, int paper) {
        boolean paperOut = (paper & 0x60) != 0 || (offlineCause & 0x20) != 0;
        boolean error = (offlineCause & 0x40) != 0 || (errorCause & 0x68) != 0;
        return new PrinterStatus((printer & 0x08) != 0, (offlineCause & 0x04) != 0, paperOut,
                (paper & 0x0C) != 0, error, (printer & 0x04) != 0);
    }

    /** The device state this status means, the most severe first. */
    public DeviceState toState() {
        if (coverOpen) {
            return DeviceState.of(DeviceState.Status.COVER_OPEN, "cover open");
        }
        if (paperOut) {
            return DeviceState.of(DeviceState.Status.PAPER_OUT, "paper out");
        }
        if (error) {
            return DeviceState.of(DeviceState.Status.ERROR, "printer error");
        }
        if (offline) {
            return DeviceState.of(DeviceState.Status.OFFLINE, "printer offline");
        }
        if (paperNearEnd) {
            return DeviceState.of(DeviceState.Status.PAPER_NEAR_END, "paper near end");
        }
        return DeviceState.online();
    }
}

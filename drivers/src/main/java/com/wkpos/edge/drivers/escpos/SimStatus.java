package com.wkpos.edge.drivers.escpos;

/**
 * The simulated printer's condition and the status bytes it answers to {@code DLE EOT n}: bits 1 and 4
 * always set; n=1 bit 2 drawer sensor, bit 3 offline (also while paper is out or the cover is open, as
 * real printers do); n=2 bit 2 cover open, bit 5 paper-end stop; n=3 no errors; n=4 bits 2-3 near end,
 * bits 5-6 paper out.
 */
record SimStatus(boolean paperOut, boolean paperNearEnd, boolean coverOpen, boolean offline, boolean sensorHigh) {
    private static final int FIXED = 0x12;

    int answer(int n) {
        return FIXED | switch (n) {
            case 1 -> (sensorHigh ? 0x04 : 0) | (offline || paperOut || coverOpen ? 0x08 : 0);
            case 2 -> (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
            case 4 -> (paperNearEnd ? 0x0C : 0) | (paperOut ? 0x60 : 0);
            default -> 0;
        };
    }
}

package com.wkpos.edge.drivers.api;

/** A 2×20 customer pole display (ESC/POS-style commands over serial). Thread-safe. */
public interface CustomerDisplay extends Device {
    /** Shows two lines, each cut or padded to 20 characters. */
    void show(String line1, String line2) throws DeviceException;
}

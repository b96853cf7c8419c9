package com.wkpos.edge.drivers.api;

import java.util.Optional;

/**
 * A cash drawer, kicked through the printer's drawer connector or a GPIO pulse. Reports
 * {@code drawer.opened} and {@code drawer.closed} events when it has a sensor. Thread-safe.
 */
public interface CashDrawer extends Device {
    /** Pulses the drawer open. Blocking until the pulse was sent. */
    void open() throws DeviceException;

    /** Whether the drawer is open now, if it has a sensor; empty when it has none. */
    Optional<Boolean> isOpen() throws DeviceException;
}

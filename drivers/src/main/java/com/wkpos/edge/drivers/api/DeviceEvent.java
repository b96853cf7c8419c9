package com.wkpos.edge.drivers.api;

import java.util.Map;

/**
 * Something a device reports by itself: a scan, the drawer opened or closed, a printer status change,
 * a card terminal prompt. The agent forwards these to screens on {@code /api/v1/events}.
 *
 * @param type e.g. {@code scan}, {@code drawer.opened}, {@code drawer.closed}, {@code printer.status},
 *             {@code terminal.prompt}, {@code device.state}
 * @param data small JSON-friendly values (strings, numbers, booleans)
 */
public record DeviceEvent(String device, String type, Map<String, Object> data) {
    public DeviceEvent {
        data = Map.copyOf(data);
    }
}

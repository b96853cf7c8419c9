package com.wkpos.edge.drivers.api;

import java.util.function.Consumer;

/**
 * What every device port shares. Implementations are thread-safe. {@link #close} releases the
 * transport (socket, serial port, file) and never throws; a closed device answers every call with a
 * {@link DeviceException} in state {@code CLOSED}.
 */
public interface Device extends AutoCloseable {
    /** The URI the device was made from, e.g. {@code tcp://10.0.0.5:9100}; shown to technicians. */
    String uri();

    /** The last known state; never blocks. */
    DeviceState state();

    /**
     * Registers a listener for events the device reports by itself. Listeners run on the device's own
     * thread and must not block; a listener that throws is logged and kept.
     */
    void onEvent(Consumer<DeviceEvent> listener);

    @Override
    void close();
}

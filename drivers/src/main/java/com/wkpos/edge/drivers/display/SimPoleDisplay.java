package com.wkpos.edge.drivers.display;

import com.wkpos.edge.drivers.api.CustomerDisplay;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pole display in memory for {@code sim} URIs: keeps the last two lines shown, cut or padded to 20
 * characters exactly as the serial display sends them. Thread-safe.
 */
public final class SimPoleDisplay implements CustomerDisplay {
    private final DeviceUri uri;
    private List<String> lines = List.of(Cd5220.fit(""), Cd5220.fit(""));
    private DeviceState state = DeviceState.online();

    private SimPoleDisplay(DeviceUri uri) {
        this.uri = uri;
    }

    /** @throws IllegalArgumentException for a URI that is not {@code sim} */
    public static SimPoleDisplay open(DeviceUri uri) {
        if (!uri.scheme().equals("sim")) {
            throw new IllegalArgumentException("a simulated pole display needs a sim URI, was '" + uri.raw() + "'");
        }
        return new SimPoleDisplay(uri);
    }

    @Override
    public synchronized void show(String line1, String line2) throws DeviceException {
        if (state.status() == DeviceState.Status.CLOSED) {
            throw new DeviceException("display=" + uri + " state=CLOSED", state);
        }
        lines = List.of(Cd5220.fit(line1), Cd5220.fit(line2));
    }

    /** The two lines shown last, each exactly 20 characters; blank before the first show. */
    public synchronized List<String> lines() {
        return lines;
    }

    @Override
    public String uri() {
        return uri.raw();
    }

    @Override
    public synchronized DeviceState state() {
        return state;
    }

    /** A pole display reports nothing by itself: the listener is never called. */
    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        Objects.requireNonNull(listener, "listener");
    }

    @Override
    public synchronized void close() {
        state = DeviceState.of(DeviceState.Status.CLOSED, "closed");
    }
}

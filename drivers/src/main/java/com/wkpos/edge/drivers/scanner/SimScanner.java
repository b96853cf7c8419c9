package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Clock;
import java.util.Set;

/**
 * An in-process scanner for {@code sim} URIs ({@code sim?dedupe=500}): the demo, the agent's tests and a
 * screen developer's laptop call {@link #scan} instead of pointing a scanner at a barcode. Scans go
 * through the same length limit and debouncing as a real scanner's. Thread-safe; listeners run on the
 * thread that calls {@link #scan}.
 */
public final class SimScanner extends DispatchingScanner {
    private SimScanner(DeviceUri uri, Clock clock) {
        super(uri, "sim", "a simulated scanner needs a sim URI", Set.of(), clock);
        dispatcher.state(DeviceState.online());
    }

    /** @throws IllegalArgumentException for a URI that is not {@code sim} or has a bad option */
    public static SimScanner open(DeviceUri uri) {
        return open(uri, Clock.systemUTC());
    }

    static SimScanner open(DeviceUri uri, Clock clock) {
        return new SimScanner(uri, clock);
    }

    /**
     * Scans {@code code} as a scanner would. Returns whether a scan was delivered: false for a repeat
     * within the dedupe window, a code longer than {@code maxLength} (reported as {@code scan.dropped}),
     * or while unplugged.
     *
     * @throws IllegalArgumentException for an empty code or one with a line break (a real scanner would
     *                                  have ended the code there)
     * @throws IllegalStateException    after close
     */
    public synchronized boolean scan(String code) {
        if (code == null || code.isEmpty() || code.indexOf('\r') >= 0 || code.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a scanned code must be non-empty and on one line, was '" + code + "'");
        }
        DeviceState.Status status = dispatcher.state().status();
        if (status == DeviceState.Status.CLOSED) {
            throw new IllegalStateException("scanner=" + uri + " is closed");
        }
        if (status != DeviceState.Status.ONLINE) {
            return false;
        }
        if (code.length() > options.maxLength()) {
            dispatcher.dropped("code longer than " + options.maxLength() + " characters (option maxLength)");
            return false;
        }
        return dispatcher.deliver(code);
    }

    /** Simulates pulling the cable: the scanner goes OFFLINE until {@link #reconnect()}. */
    public synchronized void unplug() {
        if (dispatcher.state().status() == DeviceState.Status.ONLINE) {
            dispatcher.state(DeviceState.of(DeviceState.Status.OFFLINE, "unplugged (simulated)"));
        }
    }

    /** Plugs the simulated cable back in; as {@link SerialScanner#reconnect()}. */
    public synchronized void reconnect() throws DeviceException {
        if (dispatcher.state().status() == DeviceState.Status.CLOSED) {
            throw new DeviceException("scanner=" + uri + " state=CLOSED", dispatcher.state());
        }
        dispatcher.state(DeviceState.online());
    }

    @Override
    public synchronized void close() {
        dispatcher.state(DeviceState.of(DeviceState.Status.CLOSED, "closed"));
    }
}

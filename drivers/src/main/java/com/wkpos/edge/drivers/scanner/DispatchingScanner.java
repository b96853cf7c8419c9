package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.BarcodeScanner;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/** What every scanner shares: its URI, the shared options, and a dispatcher that debounces and fans out. */
abstract class DispatchingScanner implements BarcodeScanner {
    final DeviceUri uri;
    final ScanOptions options;
    final ScanDispatcher dispatcher;

    /**
     * @param scheme     the URI scheme this scanner serves
     * @param needs      what to say about any other scheme, e.g. "a serial scanner needs a serial: URI"
     * @param ownOptions options of its own besides the shared {@code maxLength}, {@code dedupe}, {@code gap}
     * @throws IllegalArgumentException for another scheme or a bad option
     */
    DispatchingScanner(DeviceUri uri, String scheme, String needs, Set<String> ownOptions, Clock clock) {
        if (!uri.scheme().equals(scheme)) {
            throw new IllegalArgumentException(needs + ", was '" + uri.raw() + "'");
        }
        this.uri = uri;
        this.options = ScanOptions.from(uri, ownOptions);
        this.dispatcher = new ScanDispatcher(uri.raw(), new Debouncer(clock, options.dedupe()));
    }

    @Override
    public void onScan(Consumer<Scan> listener) {
        dispatcher.onScan(listener);
    }

    @Override
    public void onEvent(Consumer<DeviceEvent> listener) {
        dispatcher.onEvent(listener);
    }

    @Override
    public String uri() {
        return uri.raw();
    }

    @Override
    public DeviceState state() {
        return dispatcher.state();
    }
}

package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.BarcodeScanner.Scan;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceState;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * What every scanner shares after decoding: debouncing, the listeners, the state, and the log lines a
 * technician reads. Scans become both {@link Scan} callbacks and {@code scan} events (data: code);
 * dropped input becomes one warning and one {@code scan.dropped} event per burst (until the next good
 * code), so a flood cannot flood the log; state changes become {@code device.state} events.
 * Thread-safe; listeners run on the calling (reader) thread, and one that throws is logged and kept.
 */
final class ScanDispatcher implements CodeSink {
    private final String device;
    private final Debouncer debouncer;
    private final List<Consumer<Scan>> scanListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<DeviceEvent>> eventListeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<DeviceState> state =
            new AtomicReference<>(DeviceState.of(DeviceState.Status.CLOSED, "not opened"));
    private volatile boolean dropping;

    ScanDispatcher(String device, Debouncer debouncer) {
        this.device = device;
        this.debouncer = debouncer;
    }

    void onScan(Consumer<Scan> listener) {
        scanListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void onEvent(Consumer<DeviceEvent> listener) {
        eventListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void code(String code) {
        deliver(code);
    }

    /** Debounces {@code code} and hands it to the listeners; false when it was a repeat. */
    boolean deliver(String code) {
        dropping = false;
        Scan scan = debouncer.accept(code).orElse(null);
        if (scan == null) {
            return false;
        }
        for (Consumer<Scan> listener : scanListeners) {
            try {
                listener.accept(scan);
            } catch (RuntimeException e) {
                Logger.error(e, "scanner={} scan listener failed on a scan; it stays registered", device);
            }
        }
        publish("scan", Map.of("code", code));
        return true;
    }

    @Override
    public void dropped(String reason) {
        if (dropping) {
            return;
        }
        dropping = true;
        Logger.warn("scanner={} dropped input: {}; more drops are not logged until the next good scan", device,
                reason);
        publish("scan.dropped", Map.of("reason", reason));
    }

    DeviceState state() {
        return state.get();
    }

    /** Sets the state; a change is logged and becomes a {@code device.state} event. */
    void state(DeviceState next) {
        DeviceState before = state.getAndSet(next);
        if (before.equals(next)) {
            return;
        }
        String detail = next.detail().isEmpty() ? "" : " " + next.detail();
        if (next.status() == DeviceState.Status.OFFLINE || next.status() == DeviceState.Status.ERROR) {
            Logger.warn("scanner={} state={}{}", device, next.status(), detail);
        } else {
            Logger.info("scanner={} state={}{}", device, next.status(), detail);
        }
        publish("device.state", Map.of("status", next.status().name(), "detail", next.detail()));
    }

    private void publish(String type, Map<String, Object> data) {
        DeviceEvent event = new DeviceEvent(device, type, data);
        for (Consumer<DeviceEvent> listener : eventListeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                Logger.error(e, "scanner={} event listener failed on {}; it stays registered", device, type);
            }
        }
    }
}

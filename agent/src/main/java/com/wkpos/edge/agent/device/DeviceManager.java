package com.wkpos.edge.agent.device;

import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.drivers.api.BarcodeScanner;
import com.wkpos.edge.drivers.api.CardTerminal;
import com.wkpos.edge.drivers.api.CashDrawer;
import com.wkpos.edge.drivers.api.CustomerDisplay;
import com.wkpos.edge.drivers.api.Device;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.api.ReceiptPrinter;
import com.wkpos.edge.drivers.usb.UsbDevices;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The branch's peripherals, built from configuration ({@code role → URI}). A device that cannot be
 * opened, or stays OFFLINE, is closed and opened again with exponential backoff (1 s up to 30 s), so
 * unplugging a device or a power cut at the printer heals by itself. Device events go to screens
 * through {@link Events}. Thread-safe.
 */
public final class DeviceManager implements AutoCloseable {
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** Roles in opening order: a drawer kicked through the printer needs the printer first. */
    public static final List<String> ROLES = List.of("printer", "drawer", "scanner", "terminal", "display");

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final DeviceOpener opener;
    private final Events events;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("devices").daemon(true).factory());
    private volatile Runnable onChange = () -> { };
    private volatile UsbDevices.Scan usb = new UsbDevices.Scan(List.of(), "not scanned yet");

    public DeviceManager(Map<String, String> config, DeviceOpener opener, Events events, Clock clock) {
        this.opener = opener;
        this.events = events;
        this.clock = clock;
        for (String role : ROLES) {
            String uri = config.get(role);
            if (uri != null) {
                slots.put(role, new Slot(role, uri));
            }
        }
        for (String role : config.keySet()) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown device role " + role + "; use one of " + ROLES);
            }
        }
    }

    /**
     * Opens every device once (failures are retried in the background), starts the watch, and looks
     * for known POS devices on USB in the background so a technician sees what is plugged in.
     */
    public DeviceManager start(Duration watchEvery) {
        slots.values().forEach(Slot::tend);
        scheduler.execute(this::scanUsb);
        scheduler.scheduleWithFixedDelay(() -> slots.values().forEach(Slot::tend), watchEvery.toMillis(),
                watchEvery.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Called (on the device thread) whenever a device comes up or changes state; for the print worker. */
    public void onChange(Runnable action) {
        this.onChange = action;
    }

    public Optional<ReceiptPrinter> printer() {
        return device("printer", ReceiptPrinter.class);
    }

    public Optional<CashDrawer> drawer() {
        return device("drawer", CashDrawer.class);
    }

    public Optional<BarcodeScanner> scanner() {
        return device("scanner", BarcodeScanner.class);
    }

    public Optional<CardTerminal> terminal() {
        return device("terminal", CardTerminal.class);
    }

    public Optional<CustomerDisplay> display() {
        return device("display", CustomerDisplay.class);
    }

    /** The known POS devices found on USB at start-up, or why USB could not be read. */
    public UsbDevices.Scan usb() {
        return usb;
    }

    private void scanUsb() {
        UsbDevices.Scan scan = UsbDevices.scan();
        usb = scan;
        for (UsbDevices.Found f : scan.devices()) {
            Logger.info("USB {} found: {} {} ({})", f.kind(), f.model(), f.id(), f.product());
        }
    }

    /** {@code role → {uri, status, detail}} for health and the status page. */
    public Map<String, Map<String, String>> states() {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        slots.forEach((role, slot) -> {
            DeviceState s = slot.state();
            out.put(role, Map.of("uri", slot.raw, "status", s.status().name(), "detail", s.detail()));
        });
        return out;
    }

    private <T> Optional<T> device(String role, Class<T> type) {
        Slot slot = slots.get(role);
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.device).filter(type::isInstance).map(type::cast);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        List<Slot> reversed = List.copyOf(slots.values()).reversed();
        reversed.forEach(Slot::closeDevice);
    }

    /** One configured device: the live object, if open, and when to try again. */
    private final class Slot {
        final String role;
        final String raw;
        final DeviceUri uri;
        volatile Device device;
        volatile DeviceState failure = DeviceState.of(DeviceState.Status.CLOSED, "not opened yet");
        private Duration backoff = FIRST_RETRY;
        private long nextAttemptMillis;
        private long offlineSinceMillis = -1;

        /** A URI that does not parse leaves the slot in ERROR for good: the box still sells without it. */
        Slot(String role, String raw) {
            this.role = role;
            this.raw = raw;
            DeviceUri parsed = null;
            try {
                parsed = DeviceUri.parse(raw);
            } catch (IllegalArgumentException e) {
                failure = DeviceState.of(DeviceState.Status.ERROR, e.getMessage());
                nextAttemptMillis = Long.MAX_VALUE;
                Logger.error("{}: {}", role, e.getMessage());
            }
            this.uri = parsed;
        }

        DeviceState state() {
            Device d = device;
            return d == null ? failure : d.state();
        }

        /** Runs on the scheduler thread only. */
        synchronized void tend() {
            long now = clock.millis();
            Device d = device;
            if (d != null) {
                if (d.state().status() != DeviceState.Status.OFFLINE) {
                    offlineSinceMillis = -1;
                    return;
                }
                if (offlineSinceMillis < 0) {
                    offlineSinceMillis = now;
                }
                if (now - offlineSinceMillis < backoff.toMillis()) {
                    return;
                }
                Logger.warn("{} {} offline for {} ms ({}); reopening", role, uri, now - offlineSinceMillis, d.state().detail());
                closeDevice();
            }
            if (now < nextAttemptMillis) {
                return;
            }
            open(now);
        }

        private void open(long now) {
            try {
                Device opened = opener.open(role, uri, DeviceManager.this);
                opened.onEvent(e -> {
                    Map<String, Object> data = new LinkedHashMap<>(e.data());
                    data.put("device", role);
                    events.publish(e.type(), data);
                    onChange.run();
                });
                device = opened;
                backoff = FIRST_RETRY;
                offlineSinceMillis = -1;
                Logger.info("{} {} opened: {}", role, uri, opened.state().status());
                events.publish("device.state", Map.of("device", role, "status", opened.state().status().name()));
                onChange.run();
            } catch (DeviceException e) {
                failure = e.state();
                nextAttemptMillis = now + backoff.toMillis();
                Logger.warn("{} {} not available ({}); next try in {} s", role, uri, e.getMessage(), backoff.toSeconds());
                backoff = backoff.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : backoff.multipliedBy(2);
            } catch (IllegalArgumentException e) {
                failure = DeviceState.of(DeviceState.Status.ERROR, e.getMessage());
                nextAttemptMillis = Long.MAX_VALUE;
                Logger.error("{} {} cannot be used: {}", role, uri, e.getMessage());
            }
        }

        void closeDevice() {
            Device d = device;
            device = null;
            if (d != null) {
                failure = DeviceState.of(DeviceState.Status.OFFLINE, d.state().detail());
                d.close();
            }
        }
    }
}

package com.wkpos.edge.drivers.usb;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.usb.UsbDevice;
import javax.usb.UsbException;
import javax.usb.UsbServices;
import javax.usb.event.UsbServicesEvent;
import javax.usb.event.UsbServicesListener;

import com.wkpos.edge.drivers.usb.UsbDevices.Found;
import com.wkpos.edge.drivers.usb.UsbDevices.Listener;
import org.tinylog.Logger;

/**
 * Turns usb4java's attach/detach events into {@link Listener} calls for known devices.
 *
 * <p>Thread-safe: events come from usb4java's scanner thread and the first report from the watching
 * thread; one monitor orders them. Each attached device is reported once, and a detach only for a device
 * reported attached, with the strings read when it came (a device that is gone cannot be asked).
 */
final class HotPlug implements UsbServicesListener, UsbDevices.Watch {
    private final UsbServices services;
    private final Listener listener;
    private final String problem;
    private final Map<UsbDevice, Found> reported = new HashMap<>();
    private boolean closed;

    HotPlug(UsbServices services, Listener listener, String problem) {
        this.services = services;
        this.listener = listener;
        this.problem = problem;
    }

    /** Registers with usb4java, then reports what is attached now. Inert when USB is unavailable. */
    static HotPlug start(Listener listener) {
        UsbHost.Access access = UsbHost.access();
        HotPlug watch = new HotPlug(access.services(), listener, access.problem());
        if (access.services() != null) {
            access.services().addUsbServicesListener(watch);
            watch.reportPresent();
        }
        return watch;
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public void usbDeviceAttached(UsbServicesEvent event) {
        attached(event.getUsbDevice());
    }

    @Override
    public void usbDeviceDetached(UsbServicesEvent event) {
        detached(event.getUsbDevice());
    }

    synchronized void attached(UsbDevice device) {
        // usb4java unhooks a device from its port before telling of the detach: skipping one already unhooked
        // keeps a racing first report from announcing a device whose detach was already dropped
        if (closed || reported.containsKey(device) || !UsbTree.attached(device)) {
            return;
        }
        Optional<Found> found = UsbTree.found(device);
        if (found.isPresent()) {
            reported.put(device, found.get());
            deliver(listener::attached, found.get());
        }
    }

    synchronized void detached(UsbDevice device) {
        Found found = reported.remove(device);
        if (!closed && found != null) {
            deliver(listener::detached, found);
        }
    }

    @Override
    public void close() {
        if (services != null) {
            services.removeUsbServicesListener(this);
        }
        synchronized (this) {
            closed = true;
            reported.clear();
        }
    }

    private void reportPresent() {
        try {
            for (UsbDevice device : UsbTree.devices(services.getRootUsbHub())) {
                attached(device);
            }
        } catch (UsbException | RuntimeException e) {
            UsbHost.reportProblem("USB scan failed: " + e.getMessage());
        }
    }

    private void deliver(Consumer<Found> call, Found device) {
        try {
            call.accept(device);
        } catch (RuntimeException e) {
            Logger.warn(e, "USB hot-plug listener failed on {} ({}); keeping it", device.id(), device.model());
        }
    }
}

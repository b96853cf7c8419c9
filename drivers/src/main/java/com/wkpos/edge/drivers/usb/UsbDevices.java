package com.wkpos.edge.drivers.usb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The point-of-sale devices attached over USB, found through javax.usb (usb4java): receipt printers,
 * barcode scanners and card terminals whose ids are in a table of known models. Used by setup screens and
 * the device manager to say what is plugged in; it never opens or claims a device beyond reading its
 * descriptor strings.
 *
 * <p>A box without USB access (no {@code /dev/bus/usb}, no permission, no native libusb for this CPU) is
 * not an error: {@link #scan()} answers no devices and the reason, {@link #watch} answers an inert watch
 * with the reason, and the reason is logged once. Nothing here throws for a missing USB stack.
 *
 * <p>Thread-safe. The javax.usb services are process-wide: they are made on first use and kept.
 */
public final class UsbDevices {
    /** What a known device is for. */
    public enum Kind {
        RECEIPT_PRINTER,
        BARCODE_SCANNER,
        CARD_TERMINAL
    }

    /** An entry of the table of known devices. */
    public record Known(Kind kind, String model) {
        public Known {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(model, "model");
        }
    }

    /** The known models by exact id (the udev rules that name devices are checked against this table). */
    public static java.util.Map<UsbId, Known> knownModels() {
        return KnownDevices.models();
    }

    /** Makers matched by vendor id alone: everything they sell under it is of one kind. */
    public static java.util.Map<Integer, Known> knownVendors() {
        return KnownDevices.vendors();
    }

    /**
     * A known device attached now.
     *
     * @param manufacturer the device's own manufacturer string; empty when it has none or it could not be read
     *                     (no permission to open the device)
     * @param product      the device's own product string; empty likewise
     * @param bus          the USB bus number, or -1 when unknown
     * @param address      the device address on that bus, or -1 when unknown (changes on every replug)
     */
    public record Found(UsbId id, Kind kind, String model, String manufacturer, String product, int bus, int address) {
        public Found {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(model, "model");
            manufacturer = manufacturer == null ? "" : manufacturer.strip();
            product = product == null ? "" : product.strip();
        }
    }

    /**
     * The outcome of one scan.
     *
     * @param devices the known devices attached, in bus order; empty when none or when USB is unavailable
     * @param problem why USB could not be looked at, e.g. {@code "USB unavailable: ... no /dev/bus/usb"};
     *                empty when the scan worked
     */
    public record Scan(List<Found> devices, String problem) {
        public Scan {
            devices = List.copyOf(devices);
            problem = problem == null ? "" : problem;
        }

        /** True when USB could be looked at (even if nothing known is attached). */
        public boolean usable() {
            return problem.isEmpty();
        }
    }

    /**
     * Told about known devices coming and going. Calls arrive on usb4java's device-scanner thread (and, for
     * the devices present when watching starts, on the thread that called {@link #watch}); they must not
     * block. A listener that throws is logged and kept.
     */
    public interface Listener {
        void attached(Found device);

        void detached(Found device);
    }

    /** A running hot-plug watch. Closing it is idempotent and never throws. */
    public interface Watch extends AutoCloseable {
        /** Why nothing will ever be reported (USB unavailable); empty when the watch runs. */
        String problem();

        @Override
        void close();
    }

    private UsbDevices() {
    }

    /**
     * Lists the known devices attached now. Blocking: rescans the bus and reads each known device's strings
     * (libusb bounds each string read to about a second), so normally well under a second.
     */
    public static Scan scan() {
        return scan(UsbHost.access());
    }

    static Scan scan(UsbHost.Access access) {
        if (access.services() == null) {
            return new Scan(List.of(), access.problem());
        }
        try {
            access.rescan();
            List<Found> found = UsbTree.devices(access.services().getRootUsbHub()).stream()
                    .flatMap(device -> UsbTree.found(device).stream())
                    .toList();
            return new Scan(found, "");
        } catch (javax.usb.UsbException | RuntimeException e) {
            return new Scan(List.of(), UsbHost.reportProblem("USB scan failed: " + e.getMessage()));
        }
    }

    /** What the table knows about this id: an exact vendor:product entry, else a whole-vendor entry. */
    public static Optional<Known> identify(UsbId id) {
        return KnownDevices.lookup(Objects.requireNonNull(id, "id"));
    }

    /**
     * Starts reporting known devices: first those attached now, then every attach and detach (usb4java polls
     * the bus once a second, see {@code javax.usb.properties}). Blocking only for the first report.
     */
    public static Watch watch(Listener listener) {
        return HotPlug.start(Objects.requireNonNull(listener, "listener"));
    }
}

package com.wkpos.edge.drivers.usb;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.usb.UsbDevice;
import javax.usb.UsbDeviceDescriptor;
import javax.usb.UsbDisconnectedException;
import javax.usb.UsbException;
import javax.usb.UsbHub;

import com.wkpos.edge.drivers.usb.UsbDevices.Found;
import com.wkpos.edge.drivers.usb.UsbDevices.Known;

/**
 * Reads the javax.usb device tree. Stateless; safe from any thread, as usb4java guards its tree itself.
 */
final class UsbTree {
    /**
     * javax.usb has no bus number or address; usb4java names its devices {@code Bus 001 Device 007: ID ...},
     * which is the only public place they show.
     */
    private static final Pattern LOCATION = Pattern.compile("Bus (\\d+) Device (\\d+)");

    private UsbTree() {
    }

    /** Every device below {@code hub} that is not itself a hub, depth first. */
    static List<UsbDevice> devices(UsbHub hub) {
        List<UsbDevice> out = new ArrayList<>();
        collect(hub, out);
        return out;
    }

    /** The device as a {@link Found}, when its id is known. Reads its strings: may block about a second each. */
    static Optional<Found> found(UsbDevice device) {
        UsbId id = id(device);
        Optional<Known> known = KnownDevices.lookup(id);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        int[] location = location(device);
        return Optional.of(new Found(id, known.get().kind(), known.get().model(), text(device, true),
                text(device, false), location[0], location[1]));
    }

    static UsbId id(UsbDevice device) {
        UsbDeviceDescriptor descriptor = device.getUsbDeviceDescriptor();
        return new UsbId(descriptor.idVendor() & 0xFFFF, descriptor.idProduct() & 0xFFFF);
    }

    /** False once usb4java has taken the device off its port (unplugged). */
    static boolean attached(UsbDevice device) {
        try {
            return device.getParentUsbPort() != null;
        } catch (UsbDisconnectedException e) {
            return false;
        }
    }

    private static void collect(UsbHub hub, List<UsbDevice> out) {
        for (Object attached : hub.getAttachedUsbDevices()) {
            UsbDevice device = (UsbDevice) attached;
            if (device.isUsbHub()) {
                collect((UsbHub) device, out);
            } else {
                out.add(device);
            }
        }
    }

    /**
     * A descriptor string, or empty when the device has none or will not give it: opening a device needs
     * write access to its usbfs node, which a service user often lacks for devices it does not drive.
     */
    private static String text(UsbDevice device, boolean manufacturer) {
        try {
            String s = manufacturer ? device.getManufacturerString() : device.getProductString();
            return s == null ? "" : s;
        } catch (UsbException | UnsupportedEncodingException | RuntimeException unreadable) {
            return "";
        }
    }

    private static int[] location(UsbDevice device) {
        Matcher m = LOCATION.matcher(String.valueOf(device));
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : new int[] {-1, -1};
    }
}

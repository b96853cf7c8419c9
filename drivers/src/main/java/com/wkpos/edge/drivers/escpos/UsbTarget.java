package com.wkpos.edge.drivers.escpos;

import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.usb.UsbId;

/**
 * A printer on raw USB as its URI names it: {@code usb:04b8:0e15?interface=0&detach=true}.
 *
 * @param iface  the interface to claim (option {@code interface}, default 0)
 * @param detach whether to take the interface from a kernel driver bound to it (usblp) and give it back on
 *               close (option {@code detach}, default true)
 */
record UsbTarget(UsbId id, int iface, boolean detach) {

    UsbTarget {
        if (iface < 0 || iface > 255) {
            throw new IllegalArgumentException("USB interface numbers are 0..255, was " + iface);
        }
    }

    /** @throws IllegalArgumentException naming the URI and the bad part */
    static UsbTarget from(DeviceUri uri) {
        UsbId id = UsbId.of(uri);
        int iface = uri.intOption("interface", 0);
        if (iface < 0 || iface > 255) {
            throw new IllegalArgumentException("option interface of '" + uri + "' must be 0..255, was " + iface);
        }
        String detach = uri.option("detach", "true");
        if (!detach.equals("true") && !detach.equals("false")) {
            throw new IllegalArgumentException("option detach of '" + uri + "' must be true or false, was " + detach);
        }
        return new UsbTarget(id, iface, detach.equals("true"));
    }

    /** How messages name the printer: {@code usb 04b8:0e15}. */
    @Override
    public String toString() {
        return "usb " + id;
    }
}

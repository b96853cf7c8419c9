package com.wkpos.edge.drivers.usb;

import java.util.HexFormat;
import java.util.regex.Pattern;

import com.wkpos.edge.drivers.api.DeviceUri;

/**
 * A USB vendor and product id, written as {@code lsusb} shows it: {@code 04b8:0e15}.
 *
 * @param vendor  idVendor, 0..0xffff
 * @param product idProduct, 0..0xffff
 */
public record UsbId(int vendor, int product) {
    private static final Pattern TEXT = Pattern.compile("\\p{XDigit}{4}:\\p{XDigit}{4}");

    public UsbId {
        if (vendor < 0 || vendor > 0xFFFF || product < 0 || product > 0xFFFF) {
            throw new IllegalArgumentException("USB ids are 16 bits; got vendor " + vendor + " product " + product);
        }
    }

    /**
     * Parses {@code VID:PID}, four hex digits each (any case).
     *
     * @throws IllegalArgumentException naming the text
     */
    public static UsbId parse(String text) {
        if (text == null || !TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is no USB id; write VID:PID with four hex digits each, e.g. 04b8:0e15");
        }
        return new UsbId(HexFormat.fromHexDigits(text, 0, 4), HexFormat.fromHexDigits(text, 5, 9));
    }

    /**
     * The id a {@code usb:VID:PID} device URI names.
     *
     * @throws IllegalArgumentException naming the URI when it is no {@code usb:} URI or its ids are bad
     */
    public static UsbId of(DeviceUri uri) {
        if (!uri.scheme().equals("usb") || !TEXT.matcher(uri.target()).matches()) {
            throw new IllegalArgumentException("device URI '" + uri + "' must be usb:VID:PID with four hex digits each, e.g. usb:04b8:0e15");
        }
        return parse(uri.target());
    }

    /** {@code 04b8:0e15}. */
    @Override
    public String toString() {
        return "%04x:%04x".formatted(vendor, product);
    }
}

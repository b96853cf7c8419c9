package com.wkpos.edge.drivers.usb;

import static com.wkpos.edge.drivers.usb.UsbDevices.Kind.BARCODE_SCANNER;
import static com.wkpos.edge.drivers.usb.UsbDevices.Kind.CARD_TERMINAL;
import static com.wkpos.edge.drivers.usb.UsbDevices.Kind.RECEIPT_PRINTER;

import java.util.Map;
import java.util.Optional;

import com.wkpos.edge.drivers.usb.UsbDevices.Kind;
import com.wkpos.edge.drivers.usb.UsbDevices.Known;

/**
 * The USB ids of point-of-sale devices we recognise. Exact entries come from the usb.ids database, the
 * makers' technical reference manuals (Epson lists a vendor-class id 0202 and a printer-class id per model)
 * and, for 04b8:0e15, 1504:0006 and 1d90:2060, from devices seen in branches (not in usb.ids; models
 * named generically where unconfirmed).
 * Scanner makers that sell nothing but scanners under their own vendor id are matched by vendor alone;
 * makers that also sell other things (Symbol/Zebra: mobile computers) only by exact id.
 *
 * <p>Immutable and thread-safe.
 */
final class KnownDevices {
    private static final Map<UsbId, Known> EXACT = Map.ofEntries(
            printer(0x04b8, 0x0202, "Epson TM series (vendor class, UB-U05 / TM-T88IV / TM-T70)"),
            printer(0x04b8, 0x0e03, "Epson TM-T20"),
            printer(0x04b8, 0x0e15, "Epson TM-T20II"),
            printer(0x04b8, 0x0e21, "Epson TM-T88VI"),
            printer(0x04b8, 0x0e27, "Epson TM-T20IIIL"),
            printer(0x04b8, 0x0e28, "Epson TM-T20III"),
            printer(0x04b8, 0x0e2a, "Epson TM-L100"),
            printer(0x04b8, 0x0e31, "Epson TM-L100"),
            printer(0x0519, 0x0003, "Star TSP100ECO / TSP100II"),
            printer(0x1504, 0x0006, "Bixolon receipt printer"),
            printer(0x1504, 0x001f, "Bixolon SRP-350II"),
            printer(0x1d90, 0x2060, "Citizen receipt printer"),
            printer(0x1d90, 0x20f0, "Citizen CT-E351"),
            printer(0x2730, 0x0fff, "Citizen CT-S2000 / CT-S4000 / CT-S310 series"),
            printer(0x0dd4, 0x0237, "Custom K80"),
            scanner(0x05e0, 0x1200, "Zebra (Symbol) barcode scanner"),
            scanner(0x05e0, 0x1701, "Zebra (Symbol) barcode scanner, CDC serial mode"),
            scanner(0x05e0, 0x1900, "Zebra (Symbol) imaging scanner, SNAPI mode"),
            scanner(0x05e0, 0x0700, "Symbol CS1504 barcode scanner"),
            scanner(0x05e0, 0x1a00, "Zebra CS4070 barcode scanner"),
            terminal(0x11ca, 0x0201, "Verifone MX870 / MX880"),
            terminal(0x11ca, 0x0207, "Verifone VX 810 PIN pad"),
            terminal(0x11ca, 0x0220, "Verifone VX 805 PIN pad"));

    private static final Map<Integer, Known> VENDORS = Map.of(
            0x0c2e, new Known(BARCODE_SCANNER, "Honeywell (Metrologic) barcode scanner"),
            0x05f9, new Known(BARCODE_SCANNER, "Datalogic barcode scanner"),
            0x1eab, new Known(BARCODE_SCANNER, "Newland barcode scanner"),
            0x0b00, new Known(CARD_TERMINAL, "Ingenico payment terminal"));

    private KnownDevices() {
    }

    static Map<UsbId, Known> models() {
        return EXACT;
    }

    static Map<Integer, Known> vendors() {
        return VENDORS;
    }

    static Optional<Known> lookup(UsbId id) {
        Known exact = EXACT.get(id);
        return Optional.ofNullable(exact != null ? exact : VENDORS.get(id.vendor()));
    }

    private static Map.Entry<UsbId, Known> printer(int vendor, int product, String model) {
        return entry(vendor, product, RECEIPT_PRINTER, model);
    }

    private static Map.Entry<UsbId, Known> scanner(int vendor, int product, String model) {
        return entry(vendor, product, BARCODE_SCANNER, model);
    }

    private static Map.Entry<UsbId, Known> terminal(int vendor, int product, String model) {
        return entry(vendor, product, CARD_TERMINAL, model);
    }

    private static Map.Entry<UsbId, Known> entry(int vendor, int product, Kind kind, String model) {
        return Map.entry(new UsbId(vendor, product), new Known(kind, model));
    }
}

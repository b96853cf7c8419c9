package com.wkpos.edge.drivers.usb;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.drivers.usb.UsbDevices.Kind;
import com.wkpos.edge.drivers.usb.UsbDevices.Known;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KnownDevicesTest {

    @ParameterizedTest
    @CsvSource({
            "04b8:0e15, RECEIPT_PRINTER, Epson TM-T20II",
            "04b8:0e28, RECEIPT_PRINTER, Epson TM-T20III",
            "04B8:0202, RECEIPT_PRINTER, Epson TM series",
            "0519:0003, RECEIPT_PRINTER, Star TSP100",
            "1504:0006, RECEIPT_PRINTER, Bixolon",
            "1d90:2060, RECEIPT_PRINTER, Citizen",
            "05e0:1200, BARCODE_SCANNER, Zebra",
            "0c2e:0b81, BARCODE_SCANNER, Honeywell",
            "05f9:2206, BARCODE_SCANNER, Datalogic",
            "1eab:8003, BARCODE_SCANNER, Newland",
            "11ca:0220, CARD_TERMINAL, Verifone VX 805"})
    void knownIdsNameTheirKindAndModel(String id, Kind kind, String model) {
        Known known = UsbDevices.identify(UsbId.parse(id)).orElseThrow();

        assertThat(known.kind()).isEqualTo(kind);
        assertThat(known.model()).startsWith(model);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0c2e:0001", "0c2e:ffff", "1eab:1310"})
    void scannerMakersAreKnownByVendorAlone(String id) {
        assertThat(UsbDevices.identify(UsbId.parse(id))).map(Known::kind).contains(Kind.BARCODE_SCANNER);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1d6b:0002", // a root hub
            "046d:c52b", // a wireless mouse receiver
            "05e0:2000", // a Symbol mobile computer: same vendor as the scanners, not a scanner
            "04b8:0101"}) // an Epson flatbed scanner: same vendor as the printers, not a printer
    void otherDevicesAreNotKnown(String id) {
        assertThat(UsbDevices.identify(UsbId.parse(id))).isEmpty();
    }
}

package com.wkpos.edge.hardware.real;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.wkpos.edge.drivers.api.BarcodeScanner;
import com.wkpos.edge.drivers.api.BarcodeScanner.Scan;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.escpos.EscPosPrinter;
import com.wkpos.edge.drivers.scanner.EvdevScanner;
import com.wkpos.edge.drivers.scanner.SerialScanner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real barcode scanner through {@link SerialScanner} ({@code WK_EDGE_SCANNER=serial:/dev/ttyACM0}) or
 * {@link EvdevScanner} ({@code evdev:/dev/input/by-id/…-event-kbd}). With {@code WK_EDGE_PRINTER} set the
 * test prints the codes to scan and checks their values; without it the technician scans any two
 * different barcodes and compares the digits.
 */
class ScannerHardwareIT {
    /**
     * A person cannot pull the trigger twice within the branch default of 500 ms, so unless the URI sets
     * {@code dedupe} the test widens the window to this.
     */
    private static final Duration REPEAT_WINDOW = Duration.ofSeconds(3);
    private static final int CODE_DIGITS = 10;

    private final List<Scan> scans = new CopyOnWriteArrayList<>();
    private BarcodeScanner scanner;

    @BeforeEach
    void connect() throws DeviceException {
        DeviceUri uri = withRepeatWindow(Bench.SCANNER.uri());
        scanner = switch (uri.scheme()) {
            case "serial" -> SerialScanner.open(uri);
            case "evdev" -> EvdevScanner.open(uri);
            default -> throw new IllegalArgumentException(Bench.SCANNER.variable()
                    + " must be a serial: or evdev: URI, was " + uri);
        };
        scanner.onScan(scans::add);
        Technician.note("scanner " + uri + " is " + Technician.shown(scanner.state()));
    }

    @AfterEach
    void disconnect() {
        if (scanner != null) {
            scanner.close();
        }
    }

    @Test
    void scannedCodesArriveExactlyAndARepeatWithinTheWindowCountsOnce() throws DeviceException {
        Optional<List<String>> printed = printCodes();

        Technician.say("Scan code A, scan code A again at once (within " + REPEAT_WINDOW.toSeconds() + " s), then "
                + "scan code B.");
        Technician.awaitAction("two different codes from the scanner", () -> codes().stream().distinct().count() >= 2);

        List<String> codes = codes();
        Technician.note("scanned: " + codes);
        assertThat(codes).as("scans in order; A twice means the repeat came after the window, or the scanner sent "
                + "something extra (wrong suffix? see README.md)").hasSize(2).doesNotHaveDuplicates();
        printed.ifPresentOrElse(expected -> assertThat(codes).containsExactlyElementsOf(expected),
                () -> Technician.confirm("Do " + codes.get(0) + " and " + codes.get(1) + " match the digits printed "
                        + "under the two barcodes?", "wrong characters from a keyboard-wedge scanner mean a keymap "
                        + "mismatch (keymap=de or keymap=us on " + Bench.SCANNER.variable() + ")"));
    }

    /** Prints codes A and B when a printer is at hand; empty (the technician brings barcodes) otherwise. */
    private static Optional<List<String>> printCodes() throws DeviceException {
        if (!Bench.PRINTER.isSet()) {
            Technician.say(Bench.PRINTER.variable() + " is not set, so nothing is printed: take two different "
                    + "barcodes (A and B), e.g. from two products.");
            return Optional.empty();
        }
        String a = TestPrints.digits(CODE_DIGITS);
        String b = TestPrints.digits(CODE_DIGITS);
        while (b.equals(a)) {
            b = TestPrints.digits(CODE_DIGITS);
        }
        try (EscPosPrinter printer = EscPosPrinter.open(Bench.PRINTER.uri())) {
            printer.print(TestPrints.scanSlip(a, b));
        }
        Technician.say("A slip with code A (" + a + ", barcode and QR) and code B (" + b + ") came out of the "
                + "printer.");
        return Optional.of(List.of(a, b));
    }

    private List<String> codes() {
        return scans.stream().map(Scan::code).toList();
    }

    private static DeviceUri withRepeatWindow(DeviceUri uri) {
        if (uri.options().containsKey("dedupe")) {
            return uri;
        }
        String separator = uri.raw().contains("?") ? "&" : "?";
        return DeviceUri.parse(uri.raw().strip() + separator + "dedupe=" + REPEAT_WINDOW.toMillis());
    }
}

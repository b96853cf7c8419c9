package com.wkpos.edge.drivers.api;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A barcode scanner that reports scans by itself (serial or keyboard-wedge). The same code again
 * within the configured window is one scan. Thread-safe.
 */
public interface BarcodeScanner extends Device {
    /** One decoded barcode. */
    record Scan(String code, Instant at) {
    }

    /** Registers a listener for scans; it runs on the scanner's reader thread and must not block. */
    void onScan(Consumer<Scan> listener);
}

/**
 * Barcode scanners: {@link com.wkpos.edge.drivers.scanner.SerialScanner} (serial or USB-CDC, codes
 * ended by a suffix), {@link com.wkpos.edge.drivers.scanner.EvdevScanner} (USB keyboard-wedge read
 * from Linux evdev with an exclusive grab), {@link com.wkpos.edge.drivers.scanner.SimScanner} (in
 * process) and {@link com.wkpos.edge.drivers.scanner.ScannerSimulator} (plays a scanner into a serial
 * port or pty).
 *
 * <p>All three scanners share the same pipeline: bytes or key events become characters, a
 * {@code CodeBuffer} keeps at most {@code maxLength} of them (longer input is counted, never kept), a
 * complete code goes through the {@code Debouncer} ({@code dedupe} window) and the
 * {@code ScanDispatcher} hands it to {@code onScan} listeners and as a {@code scan} event to
 * {@code onEvent} listeners.
 */
package com.wkpos.edge.drivers.scanner;

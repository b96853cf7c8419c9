package com.wkpos.edge.drivers.scanner;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import jssc.SerialPort;
import jssc.SerialPortException;

/**
 * Plays a serial barcode scanner into a serial port: the host end of a pty pair in tests, or a
 * technician's laptop wired to the box with a null-modem cable. Opened with the same URI form as the
 * scanner it plays, {@code serial:/dev/ttyUSB0?baud=9600&suffix=CRLF}, and writes each code followed by
 * that suffix, as ISO-8859-1. Blocking writes; not thread-safe.
 *
 * <p>From a shell: {@code java -cp drivers.jar:jssc.jar com.wkpos.edge.drivers.scanner.ScannerSimulator
 * 'serial:/dev/ttyUSB0?suffix=CR'} sends every line typed on stdin as one scan.
 */
public final class ScannerSimulator implements AutoCloseable {
    private static final int CHUNK = 4096;

    private final SerialPort port;
    private final Suffix suffix;

    private ScannerSimulator(SerialPort port, Suffix suffix) {
        this.port = port;
        this.suffix = suffix;
    }

    /**
     * @throws IOException              when the port cannot be opened
     * @throws IllegalArgumentException for a URI that is not {@code serial:} or has a bad option
     */
    public static ScannerSimulator open(DeviceUri uri) throws IOException {
        if (!uri.scheme().equals("serial")) {
            throw new IllegalArgumentException("a scanner simulator writes to a serial: URI, was '" + uri.raw() + "'");
        }
        Suffix suffix = Suffix.of(uri);
        int baud = uri.intOption("baud", SerialPort.BAUDRATE_9600);
        SerialPort port = new SerialPort(uri.target());
        port.openPort();
        try {
            // false on a pty (no modem lines), where speed and framing do not matter anyway
            port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE);
        } catch (SerialPortException e) {
            port.closePort();
            throw e;
        }
        return new ScannerSimulator(port, suffix);
    }

    /** Sends {@code code} and the suffix, as one write. */
    public void scan(String code) throws IOException {
        byte[] text = code.getBytes(StandardCharsets.ISO_8859_1);
        byte[] end = suffix.bytes();
        byte[] out = Arrays.copyOf(text, text.length + end.length);
        System.arraycopy(end, 0, out, text.length, end.length);
        send(out);
    }

    /** Sends raw bytes (noise, a flood, a code without suffix), in chunks; blocks while the port is full. */
    public void send(byte[] bytes) throws IOException {
        for (int from = 0; from < bytes.length; from += CHUNK) {
            byte[] chunk = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK));
            if (!port.writeBytes(chunk)) {
                throw new IOException("short write to " + port.getPortName() + " after " + from + " bytes");
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (port.isOpened()) {
            port.closePort();
        }
    }

    /** Sends each line of stdin as one scan to the port named by the URI in {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ScannerSimulator 'serial:/dev/ttyUSB0?baud=9600&suffix=CR'  (codes on stdin)");
            System.exit(2);
        }
        try (ScannerSimulator simulator = open(DeviceUri.parse(args[0]));
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    simulator.scan(line.strip());
                }
            }
        }
    }
}

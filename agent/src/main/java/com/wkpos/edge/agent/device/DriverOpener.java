package com.wkpos.edge.agent.device;

import com.wkpos.edge.drivers.api.Device;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.api.ReceiptPrinter;
import com.wkpos.edge.drivers.display.SerialPoleDisplay;
import com.wkpos.edge.drivers.display.SimPoleDisplay;
import com.wkpos.edge.drivers.escpos.EscPosPrinter;
import com.wkpos.edge.drivers.escpos.PrinterDrawer;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.gpio.GpioDrawer;
import com.wkpos.edge.drivers.scanner.EvdevScanner;
import com.wkpos.edge.drivers.scanner.SerialScanner;
import com.wkpos.edge.drivers.scanner.SimScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.tinylog.Logger;

/**
 * Maps a role and URI to the driver that serves it. {@code sim} starts the simulator twin in-process
 * and drives it through the real driver (a printer simulator on a loopback port behind an
 * {@link EscPosPrinter}), so the demo and the tests exercise the same code a store does. The printer
 * simulator files every receipt it cuts as text and PNG under {@code simDir}.
 */
public final class DriverOpener implements DeviceOpener, AutoCloseable {
    private final Path simDir;
    private final List<AutoCloseable> simulators = new CopyOnWriteArrayList<>();
    private volatile PrinterSimulator printerSimulator;

    public DriverOpener(Path simDir) {
        this.simDir = simDir;
    }

    @Override
    public Device open(String role, DeviceUri uri, DeviceManager devices) throws DeviceException {
        return switch (role) {
            case "printer" -> printer(uri);
            case "drawer" -> drawer(uri, devices);
            case "scanner" -> scanner(uri);
            case "display" -> display(uri);
            case "terminal" -> Terminals.open(uri, simulators);
            default -> throw new IllegalArgumentException("unknown device role " + role);
        };
    }

    /** The printer simulator behind a {@code sim} printer, if one runs (for tests and the demo). */
    public PrinterSimulator printerSimulator() {
        return printerSimulator;
    }

    /** The ZVT simulator behind a {@code sim} terminal, if one runs (tests script its outcomes). */
    public java.util.Optional<com.wkpos.edge.drivers.zvt.ZvtSimulator> terminalSimulator() {
        return simulators.stream().filter(com.wkpos.edge.drivers.zvt.ZvtSimulator.class::isInstance)
                .map(com.wkpos.edge.drivers.zvt.ZvtSimulator.class::cast).findFirst();
    }

    private Device printer(DeviceUri uri) throws DeviceException {
        return switch (uri.scheme()) {
            case "tcp", "usblp", "serial", "usb" -> EscPosPrinter.open(uri);
            case "sim" -> EscPosPrinter.open(DeviceUri.parse(startPrinterSimulator().tcpUri() + "?poll=1000"));
            default -> throw new IllegalArgumentException(uri + " does not name a receipt printer");
        };
    }

    private Device drawer(DeviceUri uri, DeviceManager devices) throws DeviceException {
        if (uri.scheme().equals("gpio")) {
            return GpioDrawer.open(uri);
        }
        if (!uri.scheme().equals("printer") && !uri.scheme().equals("sim")) {
            throw new IllegalArgumentException(uri + " does not name a cash drawer; use printer:pin2, printer:pin5 or gpio:N");
        }
        ReceiptPrinter printer = devices.printer().orElseThrow(() -> new DeviceException(
                "drawer=" + uri + " needs the receipt printer, which is not available yet",
                DeviceState.of(DeviceState.Status.OFFLINE, "waiting for the printer")));
        if (!(printer instanceof EscPosPrinter escpos)) {
            throw new IllegalArgumentException("drawer " + uri + " needs an ESC/POS printer");
        }
        return new PrinterDrawer(escpos, uri.scheme().equals("sim") ? DeviceUri.parse("printer:pin2") : uri);
    }

    private static Device scanner(DeviceUri uri) throws DeviceException {
        return switch (uri.scheme()) {
            case "serial" -> SerialScanner.open(uri);
            case "evdev" -> EvdevScanner.open(uri);
            case "sim" -> SimScanner.open(uri);
            default -> throw new IllegalArgumentException(uri + " does not name a barcode scanner");
        };
    }

    private static Device display(DeviceUri uri) throws DeviceException {
        return switch (uri.scheme()) {
            case "serial" -> SerialPoleDisplay.open(uri);
            case "sim" -> SimPoleDisplay.open(uri);
            default -> throw new IllegalArgumentException(uri + " does not name a customer display");
        };
    }

    private synchronized PrinterSimulator startPrinterSimulator() throws DeviceException {
        if (printerSimulator != null) {
            return printerSimulator;
        }
        try {
            Files.createDirectories(simDir);
            int filed = lastFiled(simDir);
            PrinterSimulator sim = PrinterSimulator.listen(0);
            sim.onReceipt((text, index) -> file(sim, text, index, filed + index + 1));
            simulators.add(sim);
            printerSimulator = sim;
            Logger.info("printer simulator on {}; receipts are filed in {}", sim.tcpUri(), simDir.toAbsolutePath());
            return sim;
        } catch (IOException e) {
            throw new DeviceException("printer=sim cannot start its simulator: " + e.getMessage(),
                    DeviceState.of(DeviceState.Status.OFFLINE, e.getMessage()), e);
        }
    }

    /** The highest receipt number filed in {@code dir} by an earlier run, 0 for none: a restart files after it. */
    static int lastFiled(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("receipt-\\d{5,9}\\.(txt|png)"))
                    .mapToInt(n -> Integer.parseInt(n.substring(8, n.indexOf('.'))))
                    .max().orElse(0);
        }
    }

    private void file(PrinterSimulator sim, String text, int index, int number) {
        String name = "receipt-%05d".formatted(number);
        try {
            Files.writeString(simDir.resolve(name + ".txt"), text);
            sim.savePng(index, simDir.resolve(name + ".png"));
        } catch (IOException | RuntimeException e) {
            Logger.warn("printer simulator could not file {}: {}", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        for (AutoCloseable sim : simulators) {
            try {
                sim.close();
            } catch (Exception e) {
                Logger.debug("closing a simulator: {}", e.getMessage());
            }
        }
    }
}

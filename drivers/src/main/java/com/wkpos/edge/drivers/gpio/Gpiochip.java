package com.wkpos.edge.drivers.gpio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceState.Status;
import com.wkpos.edge.drivers.api.DeviceUri;

/**
 * Checks the {@code /dev/gpiochipN} node before Pi4J sees it, then builds a Pi4J context with only the
 * gpiod providers on that chip. The check exists because Pi4J 3 answers a missing chip, a missing
 * permission or a non-Pi board with internal errors ("No gpio chip yet initialized!") deep in its
 * provider; a technician needs the node and the fix instead.
 *
 * <p>Pi4J 3's gpiod library keeps one chip per JVM: the first context decides it, and shutting any gpiod
 * context down releases every gpiod line in the JVM. One GPIO drawer per appliance is what this supports.
 */
final class Gpiochip {
    static final Path DEV = Path.of("/dev");

    private Gpiochip() {
    }

    /**
     * A new context on {@code devDir/gpiochipN}; the caller shuts it down. No Pi4J shutdown hook: Pi4J
     * never removes one, so every reopen by the device manager would leak a hook holding a dead context.
     * The agent closes its devices on shutdown, which drives the line low.
     *
     * @throws DeviceException OFFLINE when the node is missing, ERROR when it cannot be opened or Pi4J
     *                         cannot start its gpiod provider
     */
    static Context open(Path devDir, GpioOptions options, DeviceUri uri) throws DeviceException {
        Path node = devDir.resolve(options.chipName());
        if (!Files.exists(node)) {
            String detail = node + " not found" + present(devDir) + "; check option chip (a Raspberry Pi 5 uses chip=4)";
            throw new DeviceException("drawer=" + uri + " state=OFFLINE: " + detail, DeviceState.of(Status.OFFLINE, detail));
        }
        if (!Files.isReadable(node) || !Files.isWritable(node)) {
            String detail = "no permission to open " + node + ": add the service user to the gpio group";
            throw new DeviceException("drawer=" + uri + " state=ERROR: " + detail, DeviceState.of(Status.ERROR, detail));
        }
        try {
            return Pi4J.newContextBuilder()
                    .noAutoDetect()
                    .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance())
                    .setGpioChipName(options.chipName())
                    .build();
        } catch (RuntimeException | LinkageError e) {
            String detail = "Pi4J could not start its gpiod provider on " + node + ": " + reason(e);
            throw new DeviceException("drawer=" + uri + " state=ERROR: " + detail, DeviceState.of(Status.ERROR, detail), e);
        }
    }

    /**
     * The innermost message of a Pi4J failure (Pi4J wraps the libgpiod error, e.g. "Device or resource
     * busy", in two or three layers), with its type when it has no message.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        String message = e.getMessage();
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root.getMessage() != null && !root.getMessage().isBlank()) {
                message = root.getMessage();
            }
        }
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /** Which chips the machine has instead, so a wrong chip number is obvious. */
    private static String present(Path devDir) {
        try (Stream<Path> nodes = Files.list(devDir)) {
            List<String> chips = nodes.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gpiochip")).sorted().toList();
            return chips.isEmpty()
                    ? " (this machine has no " + devDir.resolve("gpiochip*") + " at all; is it a Raspberry Pi?)"
                    : " (present: " + String.join(", ", chips) + ")";
        } catch (IOException e) {
            return " (" + devDir + " cannot be listed: " + e.getMessage() + ")";
        }
    }
}

package com.wkpos.edge.drivers.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A device address as configured (**contract**): {@code tcp://host:9100}, {@code usblp:/dev/usb/lp0},
 * {@code serial:/dev/ttyUSB0?baud=38400}, {@code usb:04b8:0e15}, {@code printer:pin2},
 * {@code gpio:17}, {@code evdev:/dev/input/by-id/…}, {@code zvt+tcp://host:20007},
 * {@code zvt+serial:/dev/ttyUSB1}, {@code sim}. Query parameters ({@code ?baud=9600&suffix=CR}) are
 * options of the transport.
 *
 * @param scheme  the part before the first colon ({@code sim} for the simulator)
 * @param target  host:port, device path, USB ids, pin or line; empty for {@code sim}
 * @param options query parameters, in order
 */
public record DeviceUri(String raw, String scheme, String target, Map<String, String> options) {
    public static final Set<String> SCHEMES = Set.of("tcp", "usblp", "serial", "usb", "printer", "gpio", "evdev",
            "zvt+tcp", "zvt+serial", "sim");

    public DeviceUri {
        options = Map.copyOf(options);
    }

    /** @throws IllegalArgumentException naming the URI and what is wrong with it */
    public static DeviceUri parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("device URI is empty");
        }
        String s = raw.strip();
        if (s.equals("sim") || s.startsWith("sim?")) {
            return new DeviceUri(raw, "sim", "", options(raw, s.length() > 3 ? s.substring(4) : ""));
        }
        int colon = s.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("device URI '" + raw + "' has no scheme; use one of " + SCHEMES);
        }
        String scheme = s.substring(0, colon);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unknown device URI scheme '" + scheme + "' in '" + raw + "'; use one of "
                    + SCHEMES);
        }
        String rest = s.substring(colon + 1);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String target = q < 0 ? rest : rest.substring(0, q);
        if (target.startsWith("//")) {
            target = target.substring(2);
        }
        if (target.isEmpty()) {
            throw new IllegalArgumentException("device URI '" + raw + "' names no host, path or id");
        }
        return new DeviceUri(raw, scheme, target, options(raw, query));
    }

    /** For {@code tcp://host:port} style targets: the host. */
    public String host() {
        int colon = target.lastIndexOf(':');
        return colon < 0 ? target : target.substring(0, colon);
    }

    /** For {@code tcp://host:port} style targets: the port, or {@code dflt} when none is given. */
    public int port(int dflt) {
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            return dflt;
        }
        try {
            int port = Integer.parseInt(target.substring(colon + 1));
            if (port > 0 && port < 65_536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException("bad port in device URI '" + raw + "'");
    }

    public String option(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    public int intOption(String name, int dflt) {
        String v = options.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " of device URI '" + raw + "' must be an integer, was " + v);
        }
    }

    private static Map<String, String> options(String raw, String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("bad option '" + pair + "' in device URI '" + raw + "'");
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }

    @Override
    public String toString() {
        return raw;
    }
}

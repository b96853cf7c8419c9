package com.wkpos.edge.agent.boot;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How screens reach the box on the LAN.
 *
 * @param tls            serve HTTPS with the box's certificate ({@code tls}, default true); plain HTTP
 *                       ({@code tls=false}, {@code --plain-http}) only on a loopback address
 * @param allowedOrigins browser origins besides the box's own pages allowed on the events WebSocket
 *                       ({@code lan.allowed-origins}, comma separated, e.g. {@code https://pos.example.com})
 * @param mdns           advertise {@code _wk-edge._tcp} on the LAN ({@code mdns}; default: on unless the
 *                       agent listens on loopback only)
 */
public record LanSettings(boolean tls, List<String> allowedOrigins, boolean mdns) {
    public LanSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    static LanSettings of(String listenHost, boolean tls, String origins, Optional<Boolean> mdns) {
        boolean loopback = loopback(listenHost);
        if (!tls && !loopback) {
            throw new IllegalArgumentException("plain HTTP (tls=false, --plain-http) is allowed only on a loopback"
                    + " address, was listen host " + listenHost + "; screens on the LAN use HTTPS");
        }
        List<String> list = Arrays.stream(origins.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
        for (String o : list) {
            URI u;
            try {
                u = URI.create(o);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lan.allowed-origins: not an origin: " + o, e);
            }
            if (!List.of("http", "https").contains(u.getScheme()) || u.getHost() == null
                    || (u.getPath() != null && !u.getPath().isEmpty() && !u.getPath().equals("/"))) {
                throw new IllegalArgumentException("lan.allowed-origins: an origin is scheme://host[:port], was " + o);
            }
        }
        return new LanSettings(tls, list, mdns.orElse(!loopback));
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen host " + host + " does not resolve", e);
        }
    }
}

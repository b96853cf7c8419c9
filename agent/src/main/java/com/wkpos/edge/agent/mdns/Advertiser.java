package com.wkpos.edge.agent.mdns;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.tinylog.Logger;

/**
 * Announces the box on the LAN over multicast DNS as {@code _wk-edge._tcp}, so a screen finds it without
 * typing an address: TXT {@code branch}, {@code device}, {@code tls} (the certificate's SHA-256
 * fingerprint, to pin before pairing), {@code scheme} and {@code path}. One responder per IPv4 address it
 * serves on (every up, multicast-capable interface for a wildcard listen address). Registration runs in
 * the background: probing takes seconds and must not hold up the till. Closing says goodbye.
 */
public final class Advertiser implements AutoCloseable {
    public static final String SERVICE_TYPE = "_wk-edge._tcp.local.";
    private final List<JmDNS> responders = new CopyOnWriteArrayList<>();
    private final ExecutorService starter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("mdns").daemon(true).factory());

    /** What the box says about itself. */
    public record Announcement(String branch, String deviceId, String tlsFingerprint, boolean tls, int port) {
        String instanceName() {
            String name = "WK Edge " + branch + " " + deviceId.substring(Math.max(0, deviceId.length() - 6));
            return name.length() > 63 ? name.substring(0, 63) : name;
        }

        Map<String, String> txt() {
            Map<String, String> txt = new LinkedHashMap<>();
            txt.put("v", "1");
            txt.put("branch", branch);
            txt.put("device", deviceId);
            txt.put("tls", tlsFingerprint);
            txt.put("scheme", tls ? "https" : "http");
            txt.put("path", "/api/v1");
            return txt;
        }
    }

    private Advertiser() {
    }

    /** Starts announcing on the addresses behind {@code listenHost}; failures are logged, never fatal. */
    public static Advertiser start(String listenHost, Announcement announcement) {
        Advertiser a = new Advertiser();
        a.starter.execute(() -> {
            for (InetAddress address : addresses(listenHost)) {
                try {
                    JmDNS responder = JmDNS.create(address, announcement.instanceName().replace(' ', '-'));
                    a.responders.add(responder);
                    responder.registerService(ServiceInfo.create(SERVICE_TYPE, announcement.instanceName(),
                            announcement.port(), 0, 0, announcement.txt()));
                    Logger.info("mDNS: announcing {} on {} port {}", SERVICE_TYPE, address.getHostAddress(),
                            announcement.port());
                } catch (IOException | RuntimeException e) {
                    Logger.warn("mDNS: cannot announce on {}: {}", address.getHostAddress(), e.getMessage());
                }
            }
        });
        return a;
    }

    private static List<InetAddress> addresses(String listenHost) {
        List<InetAddress> out = new ArrayList<>();
        try {
            InetAddress host = InetAddress.getByName(listenHost);
            if (!host.isAnyLocalAddress()) {
                out.add(host);
                return out;
            }
            for (NetworkInterface ni : NetworkInterface.networkInterfaces().toList()) {
                if (ni.isUp() && !ni.isLoopback() && ni.supportsMulticast()) {
                    ni.inetAddresses().filter(i -> i instanceof Inet4Address).forEach(out::add);
                }
            }
        } catch (IOException e) {
            Logger.warn("mDNS: cannot list the box's addresses: {}", e.getMessage());
        }
        return out;
    }

    /** Waits for the start-up to finish, then unregisters (goodbye packets) and stops every responder. */
    @Override
    public void close() {
        starter.shutdown();
        try {
            starter.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (JmDNS r : responders) {
            try {
                r.unregisterAllServices();
                r.close();
            } catch (IOException e) {
                Logger.warn("mDNS: closing the responder: {}", e.getMessage());
            }
        }
    }
}

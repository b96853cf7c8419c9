package com.wkpos.edge.agent.api;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The URLs screens on the LAN use to reach this box: its own address when it listens on one, else each up interface's IPv4. */
final class ScreenAddresses {
    private ScreenAddresses() {
    }

    static List<String> of(String scheme, String host, int port) {
        if (!host.equals("0.0.0.0") && !host.equals("::") && !host.isEmpty()) {
            return List.of(url(scheme, host, port));
        }
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        out.add(url(scheme, a.getHostAddress(), port));
                    }
                }
            }
        } catch (SocketException e) {
            return List.of();
        }
        return out;
    }

    private static String url(String scheme, String host, int port) {
        return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/";
    }
}

package com.wkpos.edge.hq;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port no one listens on now, for a server a test starts. */
final class LocalPorts {
    private LocalPorts() {
    }

    static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

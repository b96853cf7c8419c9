package com.wkpos.edge.agent.systemd;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The service manager's notification channel, as {@code sd_notify(3)} speaks it: newline-separated
 * {@code KEY=value} assignments in one datagram to the socket named by {@code $NOTIFY_SOCKET} (a path,
 * or {@code @name} in the abstract namespace). Thread-safe; each call opens and closes its own socket,
 * as libsystemd does, so a restarted service manager is reached without reconnecting.
 */
public final class SdNotify implements Notifier {
    private final String socket;

    SdNotify(String socket) {
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            throw new IllegalArgumentException("NOTIFY_SOCKET must be an absolute path or @abstract name, was '"
                    + socket + "'");
        }
        this.socket = socket;
    }

    /** The channel {@code $NOTIFY_SOCKET} names, or empty when not started by a service manager that listens. */
    public static Optional<SdNotify> fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        return socket == null || socket.isBlank() ? Optional.empty() : Optional.of(new SdNotify(socket));
    }

    @Override
    public void send(String state) throws IOException {
        UnixDatagram.send(socket, state);
    }

    public String socket() {
        return socket;
    }
}

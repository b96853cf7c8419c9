package com.wkpos.edge.agent.systemd;

import java.io.IOException;

/** Where service state goes: {@code READY=1}, {@code STATUS=…}, {@code WATCHDOG=1}, {@code STOPPING=1}. */
@FunctionalInterface
public interface Notifier {
    /**
     * Sends newline-separated {@code KEY=value} assignments as one message.
     *
     * @throws IOException when the service manager cannot be reached
     */
    void send(String state) throws IOException;
}

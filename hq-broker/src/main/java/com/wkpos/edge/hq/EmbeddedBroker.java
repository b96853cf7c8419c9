package com.wkpos.edge.hq;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.util.Properties;
import org.tinylog.Logger;

/**
 * The in-process Moquette broker HQ runs by default, so {@code ./wk-edge hq} needs no set-up. It keeps
 * no persistent state: sessions are clean and the branches' journals are the outbox.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final Server server = new Server();
    private final String host;
    private final int port;

    private EmbeddedBroker(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Starts listening on {@code host:port} ({@code port} must be free; 0 is not supported by Moquette). */
    public static EmbeddedBroker start(String host, int port) {
        Properties p = new Properties();
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(16 * 1024 * 1024 + 1024));
        EmbeddedBroker broker = new EmbeddedBroker(host, port);
        try {
            broker.server.startServer(new MemoryConfig(p));
        } catch (IOException e) {
            throw new IllegalStateException("embedded MQTT broker cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        Logger.info("embedded MQTT broker listening on tcp://{}:{}", host, port);
        return broker;
    }

    public String url() {
        return "tcp://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}

package com.wkpos.edge.protocol.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * The one small port sync uses to talk MQTT: QoS 1 publishes and a connected flag. Connecting,
 * reconnecting and subscribing belong to the implementation ({@link MqttLink}); messages arrive at the
 * handler given to it. The PUBACK is transport-only: completing a publish means the broker has it,
 * never that HQ committed it. Thread-safe.
 */
public interface MqttTransport extends AutoCloseable {
    /**
     * Publishes at QoS 1. The future completes when the broker acknowledged, or fails at once when the
     * link is down or too many publishes are in flight; the caller resends from its own outbox.
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained);

    boolean connected();

    @Override
    void close();
}

package com.wkpos.edge.protocol.mqtt;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.tinylog.Logger;

/**
 * A Paho MQTT 3.1.1 connection that keeps itself up: its own reconnect loop with capped, jittered
 * back-off (Paho's automatic reconnect races with manual connects), clean sessions, memory persistence
 * (the caller's outbox is the durable copy), QoS 1, re-subscription and an {@code onConnect} call on
 * every (re)connect. Messages are handed to {@code handler} on Paho's callback thread one at a time;
 * the broker gets the PUBACK only after the handler returned, so a slow handler slows the sender.
 */
public final class MqttLink implements MqttTransport {
    /** Receives a message; runs on the link's callback thread. */
    @FunctionalInterface
    public interface Handler {
        void message(String topic, byte[] payload);
    }

    /** What the broker publishes for us when we drop off. */
    public record Will(String topic, byte[] payload, boolean retained) {
    }

    /**
     * @param maxInflight   publishes awaiting PUBACK before {@link #publish} refuses more
     * @param socketFactory for {@code ssl://} brokers: mutual TLS ({@link Tls}); null: Paho's default
     *                      (JDK trust store, no client certificate)
     */
    public record Options(String brokerUrl, String clientId, List<String> subscriptions, Will will, int maxInflight,
                          Duration keepAlive, Duration maxBackoff, javax.net.SocketFactory socketFactory) {
        public Options {
            subscriptions = List.copyOf(subscriptions);
        }

        public Options(String brokerUrl, String clientId, List<String> subscriptions, Will will, int maxInflight,
                       Duration keepAlive, Duration maxBackoff) {
            this(brokerUrl, clientId, subscriptions, will, maxInflight, keepAlive, maxBackoff, null);
        }
    }

    private final Options options;
    private final Handler handler;
    private final Runnable onConnect;
    private volatile MqttAsyncClient client;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition lost = lock.newCondition();
    private final Thread loop;
    private volatile boolean closed;
    private volatile String lastError = "";
    /** Connected and subscribed: a message published to this link's filters from now on reaches it. */
    private volatile boolean ready;

    public MqttLink(Options options, Handler handler, Runnable onConnect) {
        this.options = options;
        this.handler = handler;
        this.onConnect = onConnect;
        this.client = newClient();
        this.loop = Thread.ofPlatform().name("mqtt-" + options.clientId()).daemon(true).unstarted(this::keepConnected);
    }

    private MqttAsyncClient newClient() {
        try {
            MqttAsyncClient c = new MqttAsyncClient(options.brokerUrl(), options.clientId(), new MemoryPersistence());
            c.setCallback(new Callback());
            return c;
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad broker URL " + options.brokerUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A failed or timed-out connect can leave Paho's client stuck in "connect already in progress"
     * (32110) or "disconnecting" (32102) for good; a fresh client object never is.
     */
    private void replaceClient() {
        MqttAsyncClient old = client;
        client = newClient();
        try {
            old.disconnectForcibly(0, 100, false);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("dropping the old MQTT client: {}", e.getMessage());
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("closing the old MQTT client: {}", e.getMessage());
        }
    }

    /** Starts connecting in the background; returns at once. */
    public MqttLink start() {
        loop.start();
        return this;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.publish(topic, payload, 1, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    /** Connected and subscribed to every filter, so a peer that waits for this cannot publish into a gap. */
    @Override
    public boolean connected() {
        return ready && client.isConnected();
    }

    /** The last connect or connection-loss error, for status pages; empty when none. */
    public String lastError() {
        return lastError;
    }

    public String brokerUrl() {
        return options.brokerUrl();
    }

    /** Drops the connection without a DISCONNECT packet, as a crash or cut cable would (the will fires). */
    public void dropForTest() {
        try {
            client.disconnectForcibly(0, 100, false);
        } catch (MqttException e) {
            Logger.debug("forced disconnect: {}", e.getMessage());
        }
        signalLost();
    }

    @Override
    public void close() {
        closed = true;
        signalLost();
        loop.interrupt();
        try {
            if (client.isConnected()) {
                client.disconnect(1_000).waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            Logger.debug("disconnect from {}: {}", options.brokerUrl(), e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            Logger.debug("closing MQTT client: {}", e.getMessage());
        }
    }

    private void keepConnected() {
        long backoffMs = 100;
        while (!closed) {
            if (!client.isConnected()) {
                try {
                    connectOnce();
                    backoffMs = 100;
                    lastError = "";
                    onConnect.run();
                } catch (MqttException | RuntimeException e) {
                    lastError = e.getMessage() == null ? e.toString() : e.getMessage();
                    replaceClient();
                    Logger.debug("MQTT {} not connected ({}); retrying in ~{} ms", options.brokerUrl(), lastError, backoffMs);
                    waitForLoss(backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
                    backoffMs = Math.min(backoffMs * 2, options.maxBackoff().toMillis());
                    continue;
                }
            }
            waitForLoss(1_000);
        }
    }

    private void connectOnce() throws MqttException {
        if (closed) {
            return;
        }
        ready = false;
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setMaxInflight(options.maxInflight());
        o.setKeepAliveInterval((int) Math.max(2, options.keepAlive().toSeconds()));
        o.setConnectionTimeout(5);
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        if (options.socketFactory() != null) {
            o.setSocketFactory(options.socketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        if (options.will() != null) {
            o.setWill(options.will().topic(), options.will().payload(), 1, options.will().retained());
        }
        client.connect(o).waitForCompletion(10_000);
        if (!options.subscriptions().isEmpty()) {
            String[] filters = options.subscriptions().toArray(String[]::new);
            int[] qos = new int[filters.length];
            java.util.Arrays.fill(qos, 1);
            client.subscribe(filters, qos).waitForCompletion(10_000);
        }
        ready = true;
        Logger.info("MQTT connected to {} as {}", options.brokerUrl(), options.clientId());
    }

    private void waitForLoss(long millis) {
        lock.lock();
        try {
            if (!closed) {
                lost.await(millis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void signalLost() {
        lock.lock();
        try {
            lost.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectionLost(Throwable cause) {
            ready = false;
            lastError = "connection lost: " + (cause == null ? "" : cause.getMessage());
            Logger.warn("MQTT connection to {} lost: {}", options.brokerUrl(), cause == null ? "" : cause.getMessage());
            signalLost();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                handler.message(topic, message.getPayload());
            } catch (RuntimeException e) {
                // one bad message must not kill the connection; the handler counts and logs its rejects
                Logger.error(e, "handling a message on {} failed", topic);
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // completion is reported through each publish's own listener
        }
    }
}

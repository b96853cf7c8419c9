package com.wkpos.edge.agent.sync;

import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTail;
import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.Command;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.Heartbeat;
import com.wkpos.edge.protocol.Pull;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The branch's sync with HQ. Everything runs on one "sync" thread of its own (uploading, heartbeats,
 * applying downstream versions) plus the MQTT link's threads, and reads the journal on its own
 * connection: a sale never waits for sync, whatever the network does.
 */
public final class SyncClient implements AutoCloseable {
    private static final long PUMP_MS = 20;
    private static final Duration MIN_PULL_INTERVAL = Duration.ofSeconds(1);

    private final SyncSettings settings;
    private final Journal journal;
    private final Catalogs catalogs;
    private final Clock clock;
    private final SyncState state;
    private final JournalTail tail;
    private final DownstreamApplier applier;
    private final ScheduledExecutorService thread;
    private final Instant startedAt;
    private final LongSupplier salesCount;
    private final Supplier<Map<String, String>> devices;
    private MqttLink link;
    private Uploader uploader;
    private volatile Instant lastPullAt = Instant.EPOCH;
    /** A throttled pull is scheduled (sync thread only). */
    private boolean pullPending;
    private volatile Supplier<String> renewalRequests;
    private volatile javax.net.ssl.SSLSocketFactory tls;
    private volatile Consumer<String> renewalReplies;
    private volatile SupplyReceiver supply;
    /** Supply commands taken off {@code down/cmd}, whatever became of them (for status and tests). */
    private final java.util.concurrent.atomic.AtomicLong supplyReceived = new java.util.concurrent.atomic.AtomicLong();
    private final Ed25519.Verifier verifier;

    private SyncClient(SyncSettings settings, Journal journal, Catalogs catalogs, String currency, Clock clock,
                       LongSupplier salesCount, Supplier<Map<String, String>> devices) {
        this.settings = settings;
        this.journal = journal;
        this.catalogs = catalogs;
        this.clock = clock;
        this.salesCount = salesCount;
        this.devices = devices;
        this.startedAt = clock.instant();
        this.state = SyncState.load(journal.file().getParent());
        Ed25519.Verifier verifier;
        try {
            verifier = new Ed25519.Verifier(Ed25519.readPublic(settings.hqKey()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read HQ key " + settings.hqKey() + ": " + e.getMessage(), e);
        }
        this.verifier = verifier;
        this.applier = new DownstreamApplier(verifier, catalogs, journal, settings.tenant(), settings.branch(), currency,
                state);
        this.tail = JournalTail.open(journal.file());
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("sync").daemon(true).factory());
    }

    /** Builds the client; call {@link #register} for extra sections, then {@link #start}. */
    public static SyncClient create(SyncSettings settings, Journal journal, Catalogs catalogs, String currency,
                                    Clock clock, LongSupplier salesCount, Supplier<Map<String, String>> devices) {
        return new SyncClient(settings, journal, catalogs, currency, clock, salesCount, devices);
    }

    public SyncClient register(DownstreamSection section) {
        applier.register(section);
        return this;
    }

    /** Connects over mutual TLS with this material (a provisioned box); call before {@link #start}. */
    public SyncClient tls(javax.net.ssl.SSLSocketFactory factory) {
        this.tls = factory;
        return this;
    }

    /**
     * Carries the license's renewal over this link: with every heartbeat the box sends a fresh signed request
     * (on {@code up/pull}), and HQ's signed reply (on {@code down/cmd}) goes to {@code replies}, on the sync thread.
     */
    public SyncClient licenseRenewal(Supplier<String> requests, Consumer<String> replies) {
        this.renewalRequests = requests;
        this.renewalReplies = replies;
        return this;
    }

    /**
     * Takes HQ's supply commands for this branch (transfers, purchase orders) into {@code receiver}, in
     * order; every pull then names the last one applied so HQ sends what came after.
     */
    public SyncClient supply(SupplyReceiver receiver) {
        this.supply = receiver;
        return this;
    }

    /** This branch's code at HQ. */
    public String branch() {
        return settings.branch();
    }

    public SyncClient start() {
        String t = settings.tenant();
        String b = settings.branch();
        link = new MqttLink(new MqttLink.Options(settings.brokerUrl(), "branch-" + b + "-" + journal.deviceId(),
                List.of(Topics.downAck(t, b), Topics.downCatalog(t, b), Topics.downCmd(t, b), Topics.allDownCatalog(t)),
                new MqttLink.Will(Topics.upStatus(t, b), SyncCodec.encode(Heartbeat.offline(journal.deviceId())), true),
                settings.window() * 2 + 16, Duration.ofSeconds(10), Duration.ofSeconds(30), tls), this::message,
                this::onConnected);
        uploader = new Uploader(tail, state, link, settings, journal.deviceId());
        thread.scheduleWithFixedDelay(this::pump, 0, PUMP_MS, TimeUnit.MILLISECONDS);
        thread.scheduleAtFixedRate(this::heartbeatSafely, settings.heartbeat().toMillis(), settings.heartbeat().toMillis(),
                TimeUnit.MILLISECONDS);
        link.start();
        return this;
    }

    private void onConnected() {
        uploader.resendFromAck();
        thread.execute(() -> {
            heartbeat();
            pull();
        });
    }

    private void message(String topic, byte[] payload) {
        Topics.BranchTopic t = Topics.parse(topic).orElse(null);
        if (t != null && t.kind() == Topics.Kind.ACK) {
            try {
                Ack ack = SyncCodec.decode(payload, Ack.class);
                if (journal.deviceId().equals(ack.device())) {
                    uploader.onAck(ack.ackedSeq(), ack.hqTime());
                }
            } catch (SyncCodec.MalformedMessageException e) {
                Logger.warn("ignoring malformed ack: {}", e.getMessage());
            }
        } else if (topic.endsWith("/down/catalog")) {
            thread.execute(() -> downstream(payload));
        } else if (t != null && t.kind() == Topics.Kind.CMD) {
            thread.execute(() -> command(payload));
        } else {
            Logger.debug("no handler yet for {}", topic);
        }
    }

    private void command(byte[] payload) {
        try {
            Command command = SyncCodec.decode(payload, Command.class);
            Consumer<String> replies = renewalReplies;
            if (journal.deviceId().equals(command.device()) && Command.LICENSE_RENEWAL.equals(command.kind())
                    && replies != null) {
                replies.accept(command.body());
            } else if (journal.deviceId().equals(command.device()) && Command.SUPPLY.equals(command.kind())) {
                supplyCommand(command.body());
            } else if (journal.deviceId().equals(command.device())) {
                Logger.info("ignoring HQ command of kind {}", command.kind());
            }
        } catch (SyncCodec.MalformedMessageException e) {
            Logger.warn("ignoring malformed command: {}", e.getMessage());
        }
    }

    /**
     * One signed supply command: checked against the pinned key, the tenant and the branch; applied when it
     * is the next one, ignored when applied already, and a pull when one before it is missing.
     */
    private void supplyCommand(String body) {
        supplyReceived.incrementAndGet();
        SupplyReceiver receiver = supply;
        if (receiver == null) {
            return;
        }
        SupplyCommand c;
        try {
            c = SyncCodec.decode(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), SignedMessage.class)
                    .open(verifier, SupplyCommand.class);
        } catch (SyncCodec.MalformedMessageException e) {
            Logger.warn("refused supply command: {}", e.getMessage());
            return;
        }
        if (!c.tenant().equals(settings.tenant()) || !c.branch().equals(settings.branch())
                || !journal.deviceId().equals(c.device())) {
            Logger.warn("refused supply command {} for {}/{} box {}", c.seq(), c.tenant(), c.branch(), c.device());
            return;
        }
        try {
            long last = receiver.lastApplied();
            if (c.seq() <= last) {
                return;
            }
            if (c.seq() > last + 1 || !receiver.apply(c)) {
                pull();
            }
        } catch (RuntimeException e) {
            // not applied: HQ sends it again after the next pull
            Logger.warn("supply command {} not applied: {}", c.seq(), e.getMessage());
        }
    }

    private void downstream(byte[] payload) {
        DownstreamApplier.Outcome o = applier.accept(payload);
        if (o == DownstreamApplier.Outcome.GAP || o == DownstreamApplier.Outcome.REJECTED) {
            pull();
        }
    }

    /**
     * Asks HQ for the versions after ours, at most once per {@link #MIN_PULL_INTERVAL}. A pull asked for
     * sooner is sent when the interval is over, not dropped: the pull made at connect can be lost (HQ not
     * subscribed yet), and the gap seen a moment later must still be filled before the next heartbeat.
     * On the sync thread only.
     */
    private void pull() {
        Instant now = clock.instant();
        if (!link.connected()) {
            return;
        }
        Duration since = Duration.between(lastPullAt, now);
        if (since.compareTo(MIN_PULL_INTERVAL) < 0) {
            if (!pullPending) {
                pullPending = true;
                thread.schedule(() -> {
                    pullPending = false;
                    pull();
                }, MIN_PULL_INTERVAL.minus(since).toMillis() + 1, TimeUnit.MILLISECONDS);
            }
            return;
        }
        lastPullAt = now;
        link.publish(Topics.upPull(settings.tenant(), settings.branch()),
                SyncCodec.encode(new Pull(journal.deviceId(), state.downstreamVersion(), null, supplySeq())), false);
    }

    private void pump() {
        try {
            uploader.pump(journal.head().seq());
        } catch (RuntimeException e) {
            // the journal file is still ours; the next round tries again
            Logger.warn("sync upload round failed: {}", e.getMessage());
        }
    }

    /** A failed heartbeat must not end the schedule: the next one tries again. */
    private void heartbeatSafely() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            Logger.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    private void heartbeat() {
        if (!link.connected()) {
            return;
        }
        long head = journal.head().seq();
        Heartbeat hb = new Heartbeat(journal.deviceId(), true, clock.instant().toString(),
                Duration.between(startedAt, clock.instant()).toSeconds(), salesCount.getAsLong(), head, state.ackedSeq(),
                Math.max(0, head - state.ackedSeq()), state.lastAckAt(), state.downstreamVersion(), devices.get());
        link.publish(Topics.upStatus(settings.tenant(), settings.branch()), SyncCodec.encode(hb), true);
        // a pull with every heartbeat: a version whose retained publication was lost still arrives, and the
        // license renewal request rides along
        String renewal = null;
        Supplier<String> requests = renewalRequests;
        if (requests != null) {
            try {
                renewal = requests.get();
            } catch (RuntimeException e) {
                Logger.warn("no license renewal request this time: {}", e.getMessage());
            }
        }
        link.publish(Topics.upPull(settings.tenant(), settings.branch()),
                SyncCodec.encode(new Pull(journal.deviceId(), state.downstreamVersion(), renewal, supplySeq())), false);
    }

    private Long supplySeq() {
        SupplyReceiver receiver = supply;
        return receiver == null ? null : receiver.lastApplied();
    }

    /** For health, metrics and the status page. */
    public Map<String, Object> status() {
        long head = journal.head().seq();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("broker", settings.brokerUrl());
        s.put("tenant", settings.tenant());
        s.put("branch", settings.branch());
        s.put("connected", link != null && link.connected());
        s.put("ackedSeq", state.ackedSeq());
        s.put("backlog", Math.max(0, head - state.ackedSeq()));
        s.put("lastAckAt", state.lastAckAt());
        s.put("downstreamVersion", state.downstreamVersion());
        s.put("batchesSent", uploader == null ? 0 : uploader.batchesSent());
        s.put("resends", uploader == null ? 0 : uploader.resends());
        s.put("downstreamRejected", applier.count(DownstreamApplier.Outcome.REJECTED));
        s.put("supplyCommandsReceived", supplyReceived.get());
        s.put("lastError", link == null ? "" : link.lastError());
        s.put("lastRejection", applier.lastRejection());
        return s;
    }

    public long ackedSeq() {
        return state.ackedSeq();
    }

    /** The seq HQ last acknowledged for the box in {@code stateDir}, read offline (0 when it never synced). */
    public static long ackedSeq(java.nio.file.Path stateDir) {
        return SyncState.load(stateDir).ackedSeq();
    }

    public long downstreamVersion() {
        return state.downstreamVersion();
    }

    public boolean connected() {
        return link != null && link.connected();
    }

    /** Drops the broker connection as a cut cable would (the last will fires); the link reconnects. */
    public void dropConnection() {
        link.dropForTest();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (link != null) {
            link.close();
        }
        tail.close();
    }
}

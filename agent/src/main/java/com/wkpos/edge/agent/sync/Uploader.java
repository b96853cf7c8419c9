package com.wkpos.edge.agent.sync;

import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalTail;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttTransport;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.tinylog.Logger;

/**
 * Uploads the journal above HQ's ack in bounded windows: at most {@code window} batches unacknowledged,
 * at most {@code batchesPerSecond} batches a second, and everything above the ack again after a
 * reconnect, a failed publish or {@code ackTimeout} without progress. HQ's ack is the only proof of
 * delivery; the broker's PUBACK proves nothing. {@link #pump} runs on the sync thread; {@link #onAck}
 * on the MQTT callback thread.
 */
final class Uploader {
    private final JournalTail tail;
    private final SyncState state;
    private final MqttTransport transport;
    private final SyncSettings settings;
    private final String device;
    private final String topic;
    private final Deque<Long> inFlight = new ArrayDeque<>();
    private long sentUpTo;
    private long progressAtNanos;
    private double tokens;
    private long refilledAtNanos = System.nanoTime();
    private volatile boolean resend;
    private long batchesSent;
    private long resends;

    Uploader(JournalTail tail, SyncState state, MqttTransport transport, SyncSettings settings, String device) {
        this.tail = tail;
        this.state = state;
        this.transport = transport;
        this.settings = settings;
        this.device = device;
        this.topic = Topics.upJournal(settings.tenant(), settings.branch());
        this.sentUpTo = state.ackedSeq();
        this.tokens = settings.window();
    }

    /** HQ acknowledged up to {@code ackedSeq}: acks only move forward; a lower one is ignored. */
    synchronized void onAck(long ackedSeq, String at) {
        if (state.ack(ackedSeq, at)) {
            progressAtNanos = System.nanoTime();
            while (!inFlight.isEmpty() && inFlight.peekFirst() <= ackedSeq) {
                inFlight.pollFirst();
            }
            if (ackedSeq > sentUpTo) {
                sentUpTo = ackedSeq;
            }
        }
    }

    /** Start again from the ack (after a reconnect or failure). */
    void resendFromAck() {
        resend = true;
    }

    /**
     * Sends what the window and rate allow, up to {@code headSeq}.
     *
     * @return batches sent now
     */
    synchronized int pump(long headSeq) {
        long now = System.nanoTime();
        refill(now);
        if (resend || (!inFlight.isEmpty() && now - progressAtNanos > settings.ackTimeout().toNanos())) {
            if (!resend) {
                Logger.info("no ack progress for {} ms above seq {}; resending", settings.ackTimeout().toMillis(),
                        state.ackedSeq());
            }
            resend = false;
            resends++;
            inFlight.clear();
            sentUpTo = state.ackedSeq();
        }
        int sent = 0;
        while (transport.connected() && inFlight.size() < settings.window() && sentUpTo < headSeq && tokens >= 1) {
            List<JournalEntry> entries = tail.after(sentUpTo, settings.batchEntries());
            if (entries.isEmpty()) {
                break;
            }
            JournalBatch batch = JournalBatch.of(settings.tenant(), settings.branch(), device, entries.stream()
                    .map(e -> new JournalBatch.Entry(e.seq(), e.id(), e.hlc(), e.type(), e.payload(), e.prevHash(), e.hash()))
                    .toList());
            if (inFlight.isEmpty()) {
                progressAtNanos = now;
            }
            transport.publish(topic, SyncCodec.encode(batch), false).whenComplete((ok, e) -> {
                if (e != null) {
                    Logger.debug("journal batch {}..{} not published ({}); will resend", batch.fromSeq(), batch.toSeq(),
                            e.getMessage());
                    resend = true;
                }
            });
            sentUpTo = batch.toSeq();
            inFlight.addLast(batch.toSeq());
            tokens -= 1;
            sent++;
            batchesSent++;
        }
        return sent;
    }

    private void refill(long now) {
        double perNano = settings.batchesPerSecond() / 1e9;
        tokens = Math.min(settings.window(), tokens + (now - refilledAtNanos) * perNano);
        refilledAtNanos = now;
    }

    synchronized long batchesSent() {
        return batchesSent;
    }

    synchronized long resends() {
        return resends;
    }
}

package com.wkpos.edge.hq;

import com.wkpos.edge.hq.license.LicenseAuthority;
import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.Command;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.Heartbeat;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.Pull;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttTransport;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * HQ's side of the MQTT link: takes what branches send on {@code up/…} and answers on {@code down/…}.
 * Bad input (malformed JSON, a payload whose tenant or branch differs from its topic, a wrong batch
 * hash) is dropped, logged and counted, and changes nothing. Runs on the link's callback thread.
 */
final class HqSync {
    private final JournalIngest ingest;
    private final Downstreams downstreams;
    private final HqDatabase db;
    private final HqMetrics metrics;
    private final Ed25519.Signer signer;
    private final Clock clock;
    private final LicenseAuthority licenses;
    private volatile MqttTransport transport;
    private volatile Runnable ingested = () -> { };

    HqSync(HqDatabase db, Downstreams downstreams, HqMetrics metrics, Ed25519.Signer signer, Clock clock,
           LicenseAuthority licenses) {
        this.licenses = licenses;
        this.db = db;
        this.ingest = new JournalIngest(db, clock, metrics);
        this.downstreams = downstreams;
        this.metrics = metrics;
        this.signer = signer;
        this.clock = clock;
    }

    void attach(MqttTransport transport) {
        this.transport = transport;
    }

    void message(String topic, byte[] payload) {
        Topics.BranchTopic t = Topics.parse(topic).orElse(null);
        if (t == null || !t.up()) {
            reject("unknown-topic", topic, "not a branch upstream topic");
            return;
        }
        try {
            switch (t.kind()) {
                case JOURNAL -> journal(t, SyncCodec.decode(payload, JournalBatch.class));
                case STATUS -> status(t, SyncCodec.decode(payload, Heartbeat.class));
                case PULL -> pull(t, SyncCodec.decode(payload, Pull.class));
                default -> reject("unknown-topic", topic, "not an upstream kind");
            }
        } catch (SyncCodec.MalformedMessageException e) {
            reject("malformed", topic, e.getMessage());
        } catch (HqDatabase.StoreException e) {
            // not acknowledged: the branch resends after its ack timeout
            metrics.add("wk_hq_store_errors_total", 1);
            Logger.error("HQ store failed for {}: {}", topic, e.getMessage());
        }
    }

    private void journal(Topics.BranchTopic t, JournalBatch batch) {
        if (!t.tenant().equals(batch.tenant()) || !t.branch().equals(batch.branch())) {
            reject("topic-mismatch", Topics.upJournal(t.tenant(), t.branch()), "batch says " + batch.tenant() + "/"
                    + batch.branch());
            return;
        }
        List<String> problems = batch.problems();
        if (!problems.isEmpty()) {
            reject(problems.getFirst().contains("sha256") ? "bad-hash" : "bad-batch",
                    Topics.upJournal(t.tenant(), t.branch()), String.join("; ", problems));
            return;
        }
        JournalIngest.Result r = ingest.ingest(batch);
        if (r == null) {
            return;
        }
        if (r.ackedSeq() < batch.toSeq()) {
            metrics.add("wk_hq_batches_held_total", 1);
            Logger.info("device {} batch {}..{} held above a gap; acked {}", batch.device(), batch.fromSeq(),
                    batch.toSeq(), r.ackedSeq());
        }
        send(Topics.downAck(t.tenant(), t.branch()),
                SyncCodec.encode(new Ack(batch.device(), r.ackedSeq(), clock.instant().toString())), false);
        if (!r.customers().isEmpty()) {
            // profiles written at one branch travel to all as a signed version; branches merge them LWW
            publish(downstreams.customers(t.tenant(), r.customers()));
        }
        publishSupply(r.supply());
        ingested.run();
    }

    /** Runs after every batch HQ stored (the web-shop connector pushes stock levels soon after). */
    void onIngested(Runnable r) {
        ingested = r;
    }

    private void status(Topics.BranchTopic t, Heartbeat hb) {
        String topic = Topics.upStatus(t.tenant(), t.branch());
        if (hb.device() == null || hb.device().isBlank() || hb.journalSeq() < 0 || hb.ackedSeq() < 0
                || hb.backlog() < 0) {
            reject("malformed", topic, "heartbeat without device or with negative counters");
            return;
        }
        if (!fromItsOwnBranch(t, hb.device(), topic)) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_heartbeats (tenant, branch, device_id, online,"
                    + " payload, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, branch, device_id) DO UPDATE"
                    + " SET online = excluded.online, payload = excluded.payload, received_at = excluded.received_at")) {
                ps.setString(1, t.tenant());
                ps.setString(2, t.branch());
                ps.setString(3, hb.device());
                ps.setInt(4, hb.online() ? 1 : 0);
                ps.setString(5, SyncCodec.encodeString(hb));
                ps.setString(6, clock.instant().toString());
                ps.executeUpdate();
            }
            return null;
        });
        metrics.add("wk_hq_heartbeats_total", 1);
    }

    private void pull(Topics.BranchTopic t, Pull pull) {
        String topic = Topics.upPull(t.tenant(), t.branch());
        if (pull.device() == null || pull.device().isBlank() || pull.since() < 0
                || (pull.supplySeq() != null && pull.supplySeq() < 0)) {
            reject("malformed", topic, "pull without device or with a negative version or supply seq");
            return;
        }
        // answering would hand one branch's prices to a device that belongs to another branch or tenant
        if (!fromItsOwnBranch(t, pull.device(), topic)) {
            return;
        }
        if (pull.licenseRenewal() != null) {
            renew(t, pull);
        }
        List<Downstream> answer = downstreams.since(t.tenant(), t.branch(), pull.since());
        metrics.add("wk_hq_pulls_total", 1);
        for (Downstream d : answer) {
            send(Topics.downCatalog(t.tenant(), t.branch()), SyncCodec.encode(SignedMessage.sign(d, signer)), false);
        }
        if (pull.supplySeq() != null) {
            resendSupply(t, pull.device(), pull.supplySeq());
        }
    }

    /**
     * Answers a pull's {@code supplySeq} with the branch's later supply commands (at most
     * {@link SupplyOutbox#PULL_LIMIT}, in order); only the device the branch's supply documents are pinned to
     * takes them, and its seq beyond what HQ numbered is alarmed ({@link SupplyOutbox#reported}).
     */
    private void resendSupply(Topics.BranchTopic t, String device, long applied) {
        List<SupplyCommand> later = db.inTransaction(c -> {
            if (SupplyOutbox.device(c, t.tenant(), t.branch()).filter(device::equals).isEmpty()) {
                return List.of();
            }
            SupplyOutbox.reported(c, clock.instant().toString(), t.tenant(), t.branch(), device, applied, applied);
            return SupplyOutbox.after(c, t.tenant(), t.branch(), applied);
        });
        for (SupplyCommand cmd : later) {
            sendSupply(device, cmd);
        }
        metrics.add("wk_hq_supply_commands_resent_total", later.size());
    }

    /**
     * Publishes supply commands just made (after their transaction committed) to the device each branch's supply
     * documents are pinned to; a branch with no device yet gets them when its first box pulls. A lost publish is
     * repaired the same way.
     */
    void publishSupply(List<SupplyCommand> commands) {
        if (commands.isEmpty()) {
            return;
        }
        Map<String, Optional<String>> devices = new HashMap<>();
        for (SupplyCommand cmd : commands) {
            Optional<String> device = devices.computeIfAbsent(cmd.tenant() + "/" + cmd.branch(), k -> db.inTransaction(c ->
                    SupplyOutbox.device(c, cmd.tenant(), cmd.branch())));
            device.ifPresent(d -> sendSupply(d, cmd));
        }
    }

    private void sendSupply(String device, SupplyCommand cmd) {
        send(Topics.downCmd(cmd.tenant(), cmd.branch()), SyncCodec.encode(new Command(device, Command.SUPPLY,
                SyncCodec.encodeString(SignedMessage.sign(cmd.to(device), signer)))), false);
        metrics.add("wk_hq_supply_commands_published_total", 1);
    }

    /**
     * Heartbeats and pulls name only their device; HQ knows from the journal which tenant and branch the
     * device belongs to, and refuses a message that arrives on another branch's topic.
     */
    private boolean fromItsOwnBranch(Topics.BranchTopic t, String device, String topic) {
        String boundTo = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant, branch FROM hq_devices WHERE device_id = ?")) {
                ps.setString(1, device);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) + "/" + rs.getString(2) : null;
                }
            }
        });
        if (boundTo != null && !boundTo.equals(t.tenant() + "/" + t.branch())) {
            reject("topic-mismatch", topic, "device " + device + " belongs to " + boundTo);
            return false;
        }
        return true;
    }

    /** Answers the box's signed renewal request on its {@code down/cmd}; a request that does not verify is dropped. */
    private void renew(Topics.BranchTopic t, Pull pull) {
        try {
            RenewalRequest request = RenewalRequest.verify(pull.licenseRenewal());
            if (!request.tenant().equals(t.tenant())) {
                reject("topic-mismatch", Topics.upPull(t.tenant(), t.branch()), "renewal request for tenant "
                        + request.tenant());
                return;
            }
            String reply = licenses.renew(pull.licenseRenewal());
            metrics.add("wk_hq_license_renewals_total", 1);
            send(Topics.downCmd(t.tenant(), t.branch()),
                    SyncCodec.encode(new Command(pull.device(), Command.LICENSE_RENEWAL, reply)), false);
        } catch (JwsException e) {
            reject("bad-renewal", Topics.upPull(t.tenant(), t.branch()), e.getMessage());
        }
    }

    /**
     * After HQ (re)connects: a version published while the link was down reached no one, and a branch's
     * pull sent before HQ subscribed is lost; the retained head makes every branch catch up (a gap makes
     * it pull again).
     */
    void republishHeads() {
        try {
            downstreams.heads().forEach(this::publish);
        } catch (HqDatabase.StoreException e) {
            Logger.warn("could not re-publish the downstream heads: {}", e.getMessage());
        }
    }

    /** Publishes a new tenant version to every branch; retained, so a branch connecting later sees the head. */
    void publish(Downstream version) {
        send(Topics.allDownCatalog(version.tenant()), SyncCodec.encode(SignedMessage.sign(version, signer)), true);
        metrics.add("wk_hq_versions_published_total", 1);
    }

    private void send(String topic, byte[] payload, boolean retained) {
        MqttTransport link = transport;
        if (link == null) {
            return;
        }
        link.publish(topic, payload, retained).whenComplete((ok, e) -> {
            if (e != null) {
                // acks are re-sent for the branch's next resend; versions are re-published by pulls
                metrics.add("wk_hq_publish_failures_total", 1);
                Logger.warn("publish to {} failed: {}", topic, e.getMessage());
            }
        });
    }

    private void reject(String reason, String topic, String detail) {
        metrics.rejected(reason);
        Logger.warn("rejected message on {} ({}): {}", topic, reason, detail);
    }
}

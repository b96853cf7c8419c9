package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Duplicated and reordered deliveries through the embedded broker (Moquette has no shared subscriptions,
 * so this is the one-instance path): a branch stand-in publishes every batch twice in shuffled order, with
 * a corrupt and a malformed one among them, to a running HQ. HQ stores each entry once, its acks on the
 * wire never go back, and the bad messages are counted and change nothing.
 */
class IngestOverBrokerIT {
    @TempDir
    Path dir;

    @Test
    void shuffledAndDuplicatedBatchesThroughTheBrokerAreStoredOnceWithAcksOnlyMovingForward() throws Exception {
        int mqttPort = LocalPorts.free();
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.toString(), "--listen", "127.0.0.1:0",
                "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme")), Clock.systemUTC(), List.of())) {
            List<Long> acks = new CopyOnWriteArrayList<>();
            MqttLink branch = new MqttLink(new MqttLink.Options("tcp://127.0.0.1:" + mqttPort, "branch-test",
                    List.of(Topics.downAck("acme", "b1")), null, 1_000, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                    (topic, payload) -> acks.add(SyncCodec.decode(payload, Ack.class).ackedSeq()), () -> { });
            try (MqttLink link = branch.start()) {
                Await.until("both links connected", () -> link.connected() && hq.brokerConnected());
                List<JournalBatch.Entry> all = JournalIngestTest.chain("dev-w", 60, "test.entry", "n");
                List<byte[]> messages = new ArrayList<>();
                for (int i = 0; i < 60; i += 5) {
                    byte[] batch = SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-w", all.subList(i, i + 5)));
                    messages.add(batch);
                    messages.add(batch);
                }
                Collections.shuffle(messages, new Random(42));
                messages.add(7, SyncCodec.encode(new JournalBatch("acme", "b1", "dev-w", 1, 5, all.subList(0, 5),
                        "00".repeat(32))));
                messages.add(13, "{\"tenant\":".getBytes(StandardCharsets.UTF_8));
                for (byte[] m : messages) {
                    link.publish(Topics.upJournal("acme", "b1"), m, false).join();
                }
                Await.until("HQ answers each of the 24 good batches", () -> acks.size() == 24);
            }
            assertThat(acks).as("acks on the wire only move forward").isSorted().endsWith(60L);
            assertThat(hq.entries("dev-w")).isEqualTo(60);
            assertThat(hq.metrics().get("wk_hq_entries_ingested_total")).isEqualTo(60);
            assertThat(hq.metrics().get("wk_hq_entries_duplicate_total")).isEqualTo(60);
            assertThat(hq.metrics().rejectedCount("bad-hash")).isEqualTo(1);
            assertThat(hq.metrics().rejectedCount("malformed")).isEqualTo(1);
            assertThat(hq.alarms()).isEmpty();
            assertThat(hq.branches("acme")).singleElement().satisfies(b -> {
                assertThat(b.get("ackedSeq")).isEqualTo(60L);
                assertThat(b.get("heldAboveGap")).isEqualTo(0L);
            });
        }
    }

}

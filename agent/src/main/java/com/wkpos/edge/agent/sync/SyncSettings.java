package com.wkpos.edge.agent.sync;

import com.wkpos.edge.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the branch reaches HQ: {@code --broker URL --tenant T --branch B} (**contract**) and the pinned
 * HQ signing key ({@code --hq-key FILE}) until provisioning brings identity and keys.
 *
 * @param batchEntries     journal entries per upload batch
 * @param window           batches in flight before an ack must arrive
 * @param ackTimeout       no ack progress for this long: resend everything above the ack
 * @param batchesPerSecond rate limit of a large backlog, so a month offline does not flood the broker
 */
public record SyncSettings(String brokerUrl, String tenant, String branch, Path hqKey, Duration heartbeat,
                           int batchEntries, int window, Duration ackTimeout, int batchesPerSecond) {
    public SyncSettings {
        if (brokerUrl == null || !brokerUrl.matches("(tcp|ssl)://[^/]+:\\d+")) {
            throw new IllegalArgumentException("--broker must be tcp://HOST:PORT or ssl://HOST:PORT, was " + brokerUrl);
        }
        Topics.requireId("--tenant", tenant);
        Topics.requireId("--branch", branch);
        if (hqKey == null) {
            throw new IllegalArgumentException("--hq-key FILE (HQ's public signing key) is required with --broker");
        }
        if (batchEntries < 1 || batchEntries > 2_000 || window < 1 || window > 64 || batchesPerSecond < 1) {
            throw new IllegalArgumentException("sync batch 1..2000, window 1..64, rate >= 1; was " + batchEntries + ", "
                    + window + ", " + batchesPerSecond);
        }
    }

    public static SyncSettings of(String brokerUrl, String tenant, String branch, Path hqKey) {
        return new SyncSettings(brokerUrl, tenant, branch, hqKey, Duration.ofSeconds(30), 500, 8, Duration.ofSeconds(10),
                200);
    }

    public SyncSettings withTiming(Duration heartbeat, Duration ackTimeout) {
        return new SyncSettings(brokerUrl, tenant, branch, hqKey, heartbeat, batchEntries, window, ackTimeout,
                batchesPerSecond);
    }
}

package com.wkpos.edge.agent.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real mDNS query on the loopback interface finds the agent's {@code _wk-edge._tcp} record with its
 * branch, device id and TLS fingerprint. Needs multicast on {@code lo} ({@code ip link set lo multicast on},
 * done by {@code .ci/run}); skipped with a message where the machine does not allow it.
 */
class AdvertiserIT {
    @TempDir
    Path dir;

    @Test
    void aMulticastQueryFindsTheBoxWithBranchDeviceAndFingerprint() throws Exception {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        boolean multicast = lo != null && lo.supportsMulticast();
        if (!multicast && "1".equals(System.getenv("WK_EDGE_REQUIRE_TOOLS"))) {
            throw new AssertionError("multicast is off on the loopback interface; .ci/run turns it on as root");
        }
        Assumptions.assumeTrue(multicast, "multicast is off on the loopback interface"
                + " (run 'ip link set lo multicast on' as root to run this test); mDNS not proven here");
        try (Agent agent = Agent.start(AgentConfig.parse(List.of("--state-dir", dir.toString(), "--listen", "127.0.0.1:0",
                "--mdns", "true", "--branch-name", "Filiale Nord")), Clock.systemUTC());
             JmDNS browser = JmDNS.create(InetAddress.getByName("127.0.0.1"), "probe")) {
            ServiceInfo found = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // the agent announces in the background: ask again (each query waits up to 3 s) until it answers
            while (found == null && System.nanoTime() < deadline) {
                found = Arrays.stream(browser.list(Advertiser.SERVICE_TYPE, 3_000))
                        .filter(s -> agent.journal().deviceId().equals(s.getPropertyString("device")))
                        .findFirst().orElse(null);
            }
            assertThat(found).as("a _wk-edge._tcp record for this box within 30 s").isNotNull();
            assertThat(found.getPort()).isEqualTo(agent.port());
            assertThat(found.getPropertyString("branch")).isEqualTo("Filiale Nord");
            assertThat(found.getPropertyString("tls")).isEqualTo(agent.certificate().fingerprint());
            assertThat(found.getPropertyString("scheme")).isEqualTo("https");
        }
    }
}

package com.wkpos.edge.agent.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The devices a USB key's bundle names are the box's devices from the next start, unless set locally. */
class InstalledDevicesIT {
    @TempDir
    Path dir;

    @Test
    void aProvisionedBoxStartsWithTheBundlesPrinterAndALocalDeviceWins() throws Exception {
        try (ProvisioningBench bench = new ProvisioningBench(dir)) {
            // the bench's bundles name printer=sim
            assertThat(bench.provisioner(step -> { }).apply("usb-key/x.jws", bench.signed(bench.bundle(1, "nord"))))
                    .isInstanceOf(Provisioner.Applied.class);
        }
        Path state = dir.resolve("box");
        TestLicense license = new TestLicense(dir);
        license.installFor(state);
        try (Agent agent = Agent.start(AgentConfig.parse(license.with(args(state))), Clock.systemUTC())) {
            assertThat(agent.devices().states()).containsKey("printer");
            assertThat(agent.devices().states().get("printer").get("uri")).isEqualTo("sim");
            assertThat(agent.devices().printer()).as("the bundle's simulated printer is open").isPresent();
        }
        try (ServerSocket nothing = new ServerSocket(0)) {
            String local = "tcp://127.0.0.1:" + nothing.getLocalPort();
            List<String> withPrinter = new ArrayList<>(args(state));
            withPrinter.addAll(List.of("--device", "printer=" + local));
            try (Agent agent = Agent.start(AgentConfig.parse(license.with(withPrinter)), Clock.systemUTC())) {
                assertThat(agent.devices().states().get("printer").get("uri")).as("the local setting wins").isEqualTo(local);
            }
        }
    }

    private static List<String> args(Path state) {
        return List.of("--state-dir", state.toString(), "--listen", "127.0.0.1:0", "--demo-catalog");
    }
}

package com.wkpos.edge.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.agent.provisioning.InstalledConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvisionedSwitchTest {
    private static InstalledConfig.Installed bundleWith(Map<String, String> devices) {
        ObjectNode settings = new ObjectMapper().createObjectNode();
        ObjectNode d = settings.putObject("devices");
        devices.forEach(d::put);
        return new InstalledConfig.Installed(Path.of("/nonexistent"), settings);
    }

    @Test
    void theBundleFillsOnlyRolesTheLocalConfigurationLeavesUnsetAndSkipsUnknownRoles() {
        var installed = bundleWith(Map.of("printer", "sim", "terminal", "zvt+tcp://10.0.0.9:20007", "fryer", "sim"));
        assertThat(ProvisionedSwitch.devices(Map.of("terminal", "sim"), Optional.of(installed)))
                .isEqualTo(Map.of("printer", "sim", "terminal", "sim"));
        assertThat(ProvisionedSwitch.devices(Map.of("drawer", "sim"), Optional.empty())).isEqualTo(Map.of("drawer", "sim"));
    }

    @Test
    void theSlipClaimsARestartOnlyForBundleDevicesNotYetInForce() {
        var installed = bundleWith(Map.of("printer", "sim", "scanner", "sim", "terminal", "sim"));
        var devices = new ProvisionedSwitch.Devices(Map.of("terminal", "zvt+tcp://10.0.0.9:20007"),
                Map.of("terminal", "zvt+tcp://10.0.0.9:20007", "scanner", "sim"));
        assertThat(ProvisionedSwitch.restartNeeded(installed, devices)).isEqualTo(List.of("device printer"));
        assertThat(ProvisionedSwitch.keptLocal(installed, devices)).isEqualTo(List.of("device terminal"));
    }
}

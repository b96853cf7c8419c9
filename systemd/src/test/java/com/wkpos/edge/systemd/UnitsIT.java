package com.wkpos.edge.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} on every unit as the package installs it: the package unpacked into a
 * root next to the host's own systemd units (targets the units refer to), so ExecStart paths resolve
 * to the packaged launcher and nothing on the host is touched. Warnings count as failures.
 */
class UnitsIT {
    @TempDir
    Path root;

    @BeforeEach
    void unpack() throws Exception {
        Tools.require("systemd-analyze", "dpkg-deb");
        Tools.ok(Map.of(), "dpkg-deb", "-x", Tools.deb().toString(), root.toString());
        Path units = root.resolve("lib/systemd/system");
        try (Stream<Path> host = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path unit : host.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (!Files.exists(units.resolve(unit.getFileName()))) {
                    Files.copy(unit, units.resolve(unit.getFileName()));
                }
            }
        }
    }

    @Test
    void everyPackagedUnitVerifiesWithoutAWarning() throws Exception {
        List<String> units;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("wk.systemd.src"), "units"))) {
            units = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(units).contains("wk-edge-agent.service", "wk-edge-hq.service", "wk-edge-usbkey@.service");
        for (String unit : units) {
            String instance = unit.replace("@.", "@sdb1.");
            Tools.Result r = Tools.run(Map.of(), "systemd-analyze", "verify", "--root=" + root, instance);
            assertThat(r.exit()).as(instance + ": " + r.output()).isZero();
            assertThat(r.output().strip()).as(instance).isEmpty();
        }
    }

    @Test
    void theCheckCatchesAMistypedDirective() throws Exception {
        Path units = root.resolve("lib/systemd/system");
        Files.writeString(units.resolve("wk-edge-typo.service"), Files.readString(units.resolve("wk-edge-agent.service"))
                .replace("WatchdogSec=", "WatchdogSecs="));
        Tools.Result r = Tools.run(Map.of(), "systemd-analyze", "verify", "--root=" + root, "wk-edge-typo.service");
        assertThat(r.output()).contains("Unknown key 'WatchdogSecs'");
    }

    @Test
    void theAgentUnitIsAHardenedNotifyServiceWithAWatchdog() throws Exception {
        String unit = Files.readString(root.resolve("lib/systemd/system/wk-edge-agent.service"));
        assertThat(unit).contains("Type=notify", "NotifyAccess=main", "WatchdogSec=30s", "Restart=on-failure",
                "User=wk-edge", "StateDirectory=wk-edge", "ConfigurationDirectory=wk-edge", "ProtectSystem=strict",
                "NoNewPrivileges=yes", "PrivateTmp=yes", "CapabilityBoundingSet=\n", "DevicePolicy=closed",
                "SupplementaryGroups=lp dialout input gpio");
    }
}

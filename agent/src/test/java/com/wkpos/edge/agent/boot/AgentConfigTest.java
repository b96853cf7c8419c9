package com.wkpos.edge.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreTheApplianceOnes() {
        AgentConfig c = AgentConfig.parse(List.of());
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/wk-edge"));
        assertThat(c.listenHost()).isEqualTo("0.0.0.0");
        assertThat(c.listenPort()).isEqualTo(8080);
        assertThat(c.sale().refuseOversell()).isFalse();
    }

    @Test
    void commandLineWinsOverTheFile() throws Exception {
        Path file = dir.resolve("agent.properties");
        Files.writeString(file, "listen = 127.0.0.1:9000\ncash-rounding = 5\ndevice.printer = tcp://10.0.0.5:9100\n");
        AgentConfig c = AgentConfig.parse(List.of("--config", file.toString(), "--listen", "127.0.0.1:9001",
                "--device", "drawer=printer:pin2"));
        assertThat(c.listenPort()).isEqualTo(9001);
        assertThat(c.sale().cashRoundingMinor()).isEqualTo(5);
        assertThat(c.devices()).containsEntry("printer", "tcp://10.0.0.5:9100").containsEntry("drawer", "printer:pin2");
    }

    @Test
    void devicesSimMakesASimulatorForEachDevice() {
        assertThat(AgentConfig.parse(List.of("--devices", "sim")).devices())
                .containsOnlyKeys("printer", "drawer", "scanner", "terminal").containsValue("sim");
    }

    @Test
    void badInputFailsNamingIt() throws Exception {
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--listen", "nope"))).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--listen", "h:70000"))).hasMessageContaining("listen port");
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--frobnicate"))).hasMessageContaining("--frobnicate");
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--device", "toaster=sim"))).hasMessageContaining("toaster");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "lisen = 1\n");
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--config", file.toString()))).hasMessageContaining("lisen");
    }

    @Test
    void plainHttpIsOnlyForLoopbackAndMdnsIsOffThere() {
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--listen", "0.0.0.0:8080", "--plain-http")))
                .hasMessageContaining("only on a loopback");
        AgentConfig loopback = AgentConfig.parse(List.of("--listen", "127.0.0.1:8080", "--plain-http"));
        assertThat(loopback.lan().tls()).isFalse();
        assertThat(loopback.lan().mdns()).isFalse();
        AgentConfig lan = AgentConfig.parse(List.of("--allowed-origins", "https://pos.example.com, http://till:3000"));
        assertThat(lan.lan().tls()).isTrue();
        assertThat(lan.lan().mdns()).isTrue();
        assertThat(lan.lan().allowedOrigins()).containsExactly("https://pos.example.com", "http://till:3000");
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--allowed-origins", "https://pos.example.com/app")))
                .hasMessageContaining("lan.allowed-origins");
        assertThatThrownBy(() -> AgentConfig.parse(List.of("--mdns", "maybe"))).hasMessageContaining("mdns");
    }

    @Test
    void syncBatchSizeAndRateComeFromTheFileAndAreBounded() throws Exception {
        Path file = dir.resolve("sync.properties");
        Files.writeString(file, "sync.batch-entries = 50\nsync.batches-per-second = 5\n");
        List<String> sync = List.of("--config", file.toString(), "--broker", "tcp://hq:1883", "--tenant", "acme",
                "--branch", "b1", "--hq-key", "hq.pub");
        var s = AgentConfig.parse(sync).sync().orElseThrow();
        assertThat(s.batchEntries()).isEqualTo(50);
        assertThat(s.batchesPerSecond()).isEqualTo(5);
        assertThat(AgentConfig.parse(sync.subList(2, sync.size())).sync().orElseThrow().batchEntries()).isEqualTo(500);
        Files.writeString(file, "sync.batch-entries = 5000\n");
        assertThatThrownBy(() -> AgentConfig.parse(sync)).hasMessageContaining("sync.batch-entries");
    }
}

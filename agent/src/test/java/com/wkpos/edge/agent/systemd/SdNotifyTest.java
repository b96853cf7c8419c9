package com.wkpos.edge.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
    @TempDir
    Path dir;

    @Test
    void sendsOneDatagramToASocketPath() throws Exception {
        try (NotifySocket socket = new NotifySocket(dir.resolve("notify").toString())) {
            SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", socket.address())).orElseThrow();
            notify.send("READY=1\nSTATUS=serving 3 items");
            notify.send("WATCHDOG=1");
            assertThat(socket.next(Duration.ofSeconds(5))).isEqualTo("READY=1\nSTATUS=serving 3 items");
            assertThat(socket.next(Duration.ofSeconds(5))).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void reachesASocketInTheAbstractNamespace() throws Exception {
        String name = "@wk-edge-test-" + UUID.randomUUID();
        try (NotifySocket socket = new NotifySocket(name)) {
            new SdNotify(name).send("STOPPING=1");
            assertThat(socket.next(Duration.ofSeconds(5))).isEqualTo("STOPPING=1");
        }
        // the abstract name is matched by its exact length: a longer one is another socket
        try (NotifySocket socket = new NotifySocket(name + "x")) {
            assertThatThrownBy(() -> new SdNotify(name).send("WATCHDOG=1")).isInstanceOf(IOException.class)
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    void aMissingSocketIsAnIoErrorNamingIt() {
        String missing = dir.resolve("gone").toString();
        assertThatThrownBy(() -> new SdNotify(missing).send("READY=1")).isInstanceOf(IOException.class)
                .hasMessageContaining(missing).hasMessageContaining("No such file");
    }

    @Test
    void noSocketOutsideAServiceManagerAndBadOnesAreRefused() {
        assertThat(SdNotify.fromEnvironment(Map.of())).isEmpty();
        assertThatThrownBy(() -> SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "run/notify")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("run/notify");
        assertThatThrownBy(() -> new SdNotify("/" + "x".repeat(200)).send("READY=1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..107 bytes");
    }

    @Test
    void watchdogIntervalIsForTheMainProcessOnly() {
        assertThat(Supervision.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), 42))
                .contains(Duration.ofSeconds(30));
        assertThat(Supervision.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42))
                .contains(Duration.ofSeconds(30));
        assertThat(Supervision.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42)).isEmpty();
        assertThat(Supervision.watchdogInterval(Map.of(), 42)).isEmpty();
        assertThatThrownBy(() -> Supervision.watchdogInterval(Map.of("WATCHDOG_USEC", "30s"), 42))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'30s'");
    }
}

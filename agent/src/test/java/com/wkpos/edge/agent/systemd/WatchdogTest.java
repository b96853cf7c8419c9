package com.wkpos.edge.agent.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WatchdogTest {
    private final List<String> sent = new ArrayList<>();
    private final AtomicReference<String> journal = new AtomicReference<>();
    private final AtomicReference<String> api = new AtomicReference<>();
    private final Watchdog watchdog = new Watchdog(sent::add, List.of(
            budget -> Optional.ofNullable(journal.get()), budget -> Optional.ofNullable(api.get())),
            Duration.ofMillis(100), "serving 3 items");

    @Test
    void pingsOnlyWhileEveryCheckPasses() {
        assertThat(watchdog.tick()).isTrue();
        journal.set("journal writer cannot write: database is locked");
        assertThat(watchdog.tick()).isFalse();
        assertThat(watchdog.tick()).isFalse();
        journal.set(null);
        api.set("LAN API health answered 500");
        assertThat(watchdog.tick()).isFalse();
        api.set(null);
        assertThat(watchdog.tick()).isTrue();
        assertThat(sent).containsExactly(
                "WATCHDOG=1",
                "STATUS=UNHEALTHY: journal writer cannot write: database is locked",
                "STATUS=UNHEALTHY: LAN API health answered 500",
                "WATCHDOG=1\nSTATUS=serving 3 items");
    }

    @Test
    void statusNamesEveryFailingCheck() {
        journal.set("journal writer stuck");
        api.set("LAN API did not answer");
        watchdog.tick();
        assertThat(sent).containsExactly("STATUS=UNHEALTHY: journal writer stuck; LAN API did not answer");
    }

    @Test
    void aServiceManagerThatCannotBeReachedDoesNotStopTheTicks() {
        Watchdog unreachable = new Watchdog(state -> {
            throw new java.io.IOException("sendto failed: No such file or directory");
        }, List.of(budget -> Optional.empty()), Duration.ofMillis(100), "ok");
        assertThat(unreachable.tick()).isTrue();
        assertThat(unreachable.tick()).isTrue();
    }
}

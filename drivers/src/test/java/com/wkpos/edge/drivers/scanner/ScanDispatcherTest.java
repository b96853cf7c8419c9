package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScanDispatcherTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T09:00:00Z"));
    private final ScanDispatcher dispatcher =
            new ScanDispatcher("serial:/dev/ttyACM0", new Debouncer(clock, Duration.ofMillis(500)));
    private final List<DeviceEvent> events = new ArrayList<>();

    ScanDispatcherTest() {
        dispatcher.onEvent(events::add);
    }

    @Test
    void dropsAreReportedOncePerBurstUntilTheNextGoodCode() {
        dispatcher.dropped("code longer than 128 characters");
        dispatcher.dropped("code longer than 128 characters");
        dispatcher.code("A");
        dispatcher.dropped("code longer than 128 characters");
        assertThat(events).extracting(DeviceEvent::type).containsExactly("scan.dropped", "scan", "scan.dropped");
        assertThat(events.getFirst().data()).containsEntry("reason", "code longer than 128 characters");
    }

    @Test
    void stateChangeBecomesOneDeviceStateEvent() {
        dispatcher.state(DeviceState.online());
        dispatcher.state(DeviceState.online());
        dispatcher.state(DeviceState.of(DeviceState.Status.OFFLINE, "port lost"));
        assertThat(events).containsExactly(
                new DeviceEvent("serial:/dev/ttyACM0", "device.state", Map.of("status", "ONLINE", "detail", "")),
                new DeviceEvent("serial:/dev/ttyACM0", "device.state",
                        Map.of("status", "OFFLINE", "detail", "port lost")));
    }

    @Test
    void throwingEventListenerIsKept() {
        dispatcher.onEvent(event -> {
            throw new IllegalStateException("listener bug");
        });
        dispatcher.code("A");
        dispatcher.code("B");
        assertThat(events).extracting(e -> e.data().get("code")).containsExactly("A", "B");
    }
}

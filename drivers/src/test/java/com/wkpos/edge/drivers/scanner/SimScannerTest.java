package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.BarcodeScanner.Scan;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SimScannerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T09:00:00Z"));
    private final List<Scan> scans = new CopyOnWriteArrayList<>();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();

    private SimScanner open(String uri) {
        SimScanner scanner = SimScanner.open(DeviceUri.parse(uri), clock);
        scanner.onScan(scans::add);
        scanner.onEvent(events::add);
        return scanner;
    }

    @Test
    void scanReachesScanListenersAndEventListeners() {
        SimScanner scanner = open("sim");
        assertThat(scanner.scan("4006381333931")).isTrue();
        assertThat(scans).containsExactly(new Scan("4006381333931", clock.instant()));
        assertThat(events).containsExactly(new DeviceEvent("sim", "scan", Map.of("code", "4006381333931")));
        assertThat(scanner.state()).isEqualTo(DeviceState.online());
    }

    @Test
    void repeatWithinTheDedupeWindowIsOneScan() {
        SimScanner scanner = open("sim?dedupe=300");
        assertThat(scanner.scan("A")).isTrue();
        clock.advance(Duration.ofMillis(299));
        assertThat(scanner.scan("A")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(scanner.scan("A")).isTrue();
        assertThat(scans).extracting(Scan::code).containsExactly("A", "A");
    }

    @Test
    void codeLongerThanMaxLengthIsDroppedAndReportedOnce() {
        SimScanner scanner = open("sim?maxLength=5");
        assertThat(scanner.scan("123456")).isFalse();
        assertThat(scanner.scan("1234567")).isFalse();
        assertThat(scans).isEmpty();
        assertThat(events).singleElement().extracting(DeviceEvent::type).isEqualTo("scan.dropped");
    }

    @Test
    void listenerThatThrowsIsKeptAndOthersStillGetTheScan() {
        SimScanner scanner = SimScanner.open(DeviceUri.parse("sim"), clock);
        scanner.onScan(scan -> {
            throw new IllegalStateException("listener bug");
        });
        scanner.onScan(scans::add);
        scanner.scan("A");
        scanner.scan("B");
        assertThat(scans).extracting(Scan::code).containsExactly("A", "B");
    }

    @Test
    void unpluggedScannerIsOfflineDeliversNothingUntilReconnected() throws DeviceException {
        SimScanner scanner = open("sim");
        scanner.unplug();
        assertThat(scanner.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
        assertThat(scanner.scan("A")).isFalse();
        scanner.reconnect();
        assertThat(scanner.scan("A")).isTrue();
        assertThat(events).extracting(DeviceEvent::type).containsExactly("device.state", "device.state", "scan");
    }

    @Test
    void closedScannerRefusesScansAndReconnect() {
        SimScanner scanner = open("sim");
        scanner.close();
        assertThat(scanner.state().status()).isEqualTo(DeviceState.Status.CLOSED);
        assertThatThrownBy(() -> scanner.scan("A")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(scanner::reconnect).isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).state().status()).isEqualTo(DeviceState.Status.CLOSED));
    }

    @Test
    void codeWithALineBreakIsMisuse() {
        SimScanner scanner = open("sim");
        assertThatThrownBy(() -> scanner.scan("A\rB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> scanner.scan("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void misspelledOptionFailsFastNamingIt() {
        assertThatThrownBy(() -> SimScanner.open(DeviceUri.parse("sim?dedup=300")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dedup");
    }

    @Test
    void badOptionValueFailsNamingTheUri() {
        assertThatThrownBy(() -> SimScanner.open(DeviceUri.parse("sim?maxLength=0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sim?maxLength=0")
                .hasMessageContaining("maxLength");
    }
}

package com.wkpos.edge.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.wkpos.edge.drivers.api.BarcodeScanner.Scan;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.scanner.ScannerSimulator;
import com.wkpos.edge.drivers.scanner.SerialScanner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serial scanner driver against a scanner played by {@link ScannerSimulator} over a socat pty pair. */
class ScannerSerialIT {
    private static final long BOUND_SECONDS = 5;

    @TempDir
    Path dir;

    private final BlockingQueue<String> scans = new LinkedBlockingQueue<>();
    private final BlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
    private SocatPair cable;
    private SerialScanner scanner;

    @AfterEach
    void unplugEverything() {
        if (scanner != null) {
            scanner.close();
        }
        if (cable != null) {
            cable.close();
        }
    }

    private SerialScanner openScanner(String options) throws Exception {
        cable = SocatPair.start(dir);
        scanner = SerialScanner.open(DeviceUri.parse("serial:" + cable.device() + "?baud=9600" + options));
        scanner.onScan(scan -> scans.add(scan.code()));
        scanner.onEvent(events::add);
        return scanner;
    }

    private ScannerSimulator playScanner(String suffix) throws Exception {
        return ScannerSimulator.open(DeviceUri.parse("serial:" + cable.host() + "?baud=9600&suffix=" + suffix));
    }

    private String nextScan() throws InterruptedException {
        return scans.poll(BOUND_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void scanEndedByCrArrivesAsScanAndEventAndCloseLeavesNoThread() throws Exception {
        SerialScanner opened = openScanner("&suffix=CR");
        try (ScannerSimulator hand = playScanner("CR")) {
            hand.scan("4006381333931");
            assertThat(nextScan()).isEqualTo("4006381333931");
        }
        assertThat(events).extracting(DeviceEvent::type, e -> e.data().get("code"))
                .contains(tuple("scan", "4006381333931"));
        opened.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("scanner " + opened.uri()));
        assertThat(opened.state().status()).isEqualTo(DeviceState.Status.CLOSED);
    }

    @Test
    void crlfScannerReadsCleanlyWithSuffixCr() throws Exception {
        openScanner("&suffix=CR");
        try (ScannerSimulator hand = playScanner("CRLF")) {
            hand.scan("4006381333931");
            hand.scan("96385074");
            assertThat(nextScan()).isEqualTo("4006381333931");
            assertThat(nextScan()).isEqualTo("96385074");
        }
    }

    @Test
    void sameCodeAgainWithinTheWindowIsOneScan() throws Exception {
        openScanner("&dedupe=5000");
        try (ScannerSimulator hand = playScanner("CR")) {
            hand.scan("4006381333931");
            hand.scan("4006381333931");
            hand.scan("96385074");
            assertThat(nextScan()).isEqualTo("4006381333931");
            assertThat(nextScan()).as("the repeat was swallowed").isEqualTo("96385074");
        }
    }

    @Test
    void megabyteFloodWithoutSuffixIsDroppedAndTheNextScanStillArrives() throws Exception {
        openScanner("");
        byte[] flood = new byte[1 << 20];
        Arrays.fill(flood, (byte) 'X');
        try (ScannerSimulator hand = playScanner("CR")) {
            hand.send(flood);
            // The first scan may stick to the flood's tail if it follows without a pause; a cashier rescans.
            String arrived = null;
            for (int attempt = 0; attempt < 10 && arrived == null; attempt++) {
                hand.scan("4006381333931");
                arrived = scans.poll(400, TimeUnit.MILLISECONDS);
            }
            assertThat(arrived).isEqualTo("4006381333931");
        }
        assertThat(scans).noneMatch(code -> code.contains("X"));
        assertThat(events).extracting(DeviceEvent::type).contains("scan.dropped");
        assertThat(scanner.state()).isEqualTo(DeviceState.online());
    }

    @Test
    void unpluggedScannerGoesOfflineAndReadsAgainAfterReconnect() throws Exception {
        openScanner("");
        events.clear();
        cable.unplug();
        DeviceEvent change = events.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(change).isNotNull();
        assertThat(change.data()).containsEntry("status", "OFFLINE");
        assertThat(scanner.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
        assertThatThrownBy(scanner::reconnect).isInstanceOf(DeviceException.class).hasMessageContaining("state=OFFLINE");

        cable = SocatPair.start(dir);
        scanner.reconnect();
        assertThat(scanner.state()).isEqualTo(DeviceState.online());
        try (ScannerSimulator hand = playScanner("CR")) {
            hand.scan("96385074");
            assertThat(nextScan()).isEqualTo("96385074");
        }
    }
}

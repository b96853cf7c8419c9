package com.wkpos.edge.drivers.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.wkpos.edge.drivers.usb.UsbDevices.Found;
import com.wkpos.edge.drivers.usb.UsbDevices.Scan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs against whatever USB this machine has: often none (a build box or container). */
class UsbDevicesTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void scanAnswersKnownDevicesOrAClearProblemWithinBound() {
        Scan scan = assertTimeoutPreemptively(BOUND, () -> UsbDevices.scan());

        if (scan.usable()) {
            assertThat(scan.devices()).allSatisfy(found ->
                    assertThat(UsbDevices.identify(found.id())).map(UsbDevices.Known::kind).contains(found.kind()));
        } else {
            assertThat(scan.devices()).isEmpty();
            assertThat(scan.problem()).startsWith("USB");
            if (!Files.isDirectory(UsbHost.USBFS)) {
                assertThat(scan.problem()).contains("/dev/bus/usb");
            }
        }
    }

    @Test
    void scanThroughLibusbAnswersWithinBoundEvenWithoutUsbfs(@TempDir Path usbfs) {
        Scan scan = assertTimeoutPreemptively(BOUND, () -> UsbDevices.scan(UsbHost.access(usbfs)));

        if (scan.usable()) {
            assertThat(scan.devices()).allSatisfy(found -> assertThat(UsbDevices.identify(found.id())).isPresent());
        } else {
            assertThat(scan.devices()).isEmpty();
            assertThat(scan.problem()).startsWith("USB");
        }
    }

    @Test
    void scanningAgainGivesTheSameAnswer() {
        Scan first = assertTimeoutPreemptively(BOUND, () -> UsbDevices.scan());
        Scan second = assertTimeoutPreemptively(BOUND, () -> UsbDevices.scan());

        assertThat(second.problem()).isEqualTo(first.problem());
    }

    @Test
    void watchStartsAndClosesWithinBoundAndReportsOnlyKnownDevices() {
        List<Found> attached = new CopyOnWriteArrayList<>();
        UsbDevices.Listener listener = new UsbDevices.Listener() {
            @Override
            public void attached(Found device) {
                attached.add(device);
            }

            @Override
            public void detached(Found device) {
                // only the first report is checked
            }
        };

        UsbDevices.Watch watch = assertTimeoutPreemptively(BOUND, () -> UsbDevices.watch(listener));
        assertTimeoutPreemptively(BOUND, () -> {
            watch.close();
            watch.close();
        });

        if (!watch.problem().isEmpty()) {
            assertThat(attached).isEmpty();
            assertThat(watch.problem()).startsWith("USB");
        }
        assertThat(attached).allSatisfy(found -> assertThat(UsbDevices.identify(found.id())).isPresent());
    }
}

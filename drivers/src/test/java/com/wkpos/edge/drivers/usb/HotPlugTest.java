package com.wkpos.edge.drivers.usb;

import static com.wkpos.edge.drivers.usb.FakeUsbDevice.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.usb.UsbDevice;
import javax.usb.UsbHub;
import javax.usb.event.UsbServicesEvent;

import com.wkpos.edge.drivers.usb.UsbDevices.Found;
import com.wkpos.edge.drivers.usb.UsbDevices.Kind;
import org.junit.jupiter.api.Test;

class HotPlugTest {
    private final Recorder recorder = new Recorder();
    private final HotPlug watch = new HotPlug(null, recorder, "");
    private final FakeUsbDevice printer = device("04b8:0e15", "EPSON", "TM-T20II", 7);

    @Test
    void attachedPrinterIsReportedWithKindStringsAndLocation() {
        attach(printer);

        assertThat(recorder.events).containsExactly("attached " + new Found(UsbId.parse("04b8:0e15"),
                Kind.RECEIPT_PRINTER, "Epson TM-T20II", "EPSON", "TM-T20II", 1, 7));
    }

    @Test
    void unknownDeviceIsNotReported() {
        attach(device("046d:c52b", "Logitech", "USB Receiver", 3));

        assertThat(recorder.events).isEmpty();
    }

    @Test
    void deviceAttachedTwiceIsReportedOnce() {
        attach(printer);
        attach(printer);

        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void detachIsReportedWithTheStringsReadWhenTheDeviceCame() {
        attach(printer);
        printer.unplug();
        detach(printer);

        assertThat(recorder.found).hasSize(2);
        assertThat(recorder.events.get(1)).startsWith("detached");
        assertThat(recorder.found.get(1)).isEqualTo(recorder.found.get(0));
        assertThat(recorder.found.get(1).product()).isEqualTo("TM-T20II");
    }

    @Test
    void detachOfADeviceNeverReportedIsIgnored() {
        printer.unplug();
        detach(printer);
        detach(device("046d:c52b", "Logitech", "USB Receiver", 3));

        assertThat(recorder.events).isEmpty();
    }

    @Test
    void deviceAlreadyGoneIsNotReportedAttached() {
        printer.unplug();
        attach(printer);

        assertThat(recorder.events).isEmpty();
    }

    @Test
    void unreadableStringsLeaveTheDeviceReportedWithEmptyStrings() {
        printer.denyStrings();
        attach(printer);

        assertThat(recorder.found).singleElement().satisfies(f -> {
            assertThat(f.manufacturer()).isEmpty();
            assertThat(f.product()).isEmpty();
            assertThat(f.model()).isEqualTo("Epson TM-T20II");
        });
    }

    @Test
    void listenerThatThrowsIsKept() {
        recorder.failNext = true;
        attach(printer);
        attach(device("05e0:1200", "Symbol", "Bar Code Scanner", 9));

        assertThat(recorder.events).hasSize(2);
    }

    @Test
    void closedWatchReportsNothingMore() {
        attach(printer);
        watch.close();
        watch.close();
        printer.unplug();
        detach(printer);
        attach(device("05e0:1200", "Symbol", "Bar Code Scanner", 9));

        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void treeWalkFindsDevicesBehindNestedHubsButNotTheHubs() {
        UsbDevice scanner = device("0c2e:0b81", "Honeywell", "Voyager", 4).usb();
        UsbHub root = FakeUsbDevice.hub(1, printer.usb(), FakeUsbDevice.hub(2, scanner));

        assertThat(UsbTree.devices(root)).containsExactly(printer.usb(), scanner);
    }

    private void attach(FakeUsbDevice device) {
        watch.usbDeviceAttached(new UsbServicesEvent(FakeUsbDevice.services(), device.usb()));
    }

    private void detach(FakeUsbDevice device) {
        watch.usbDeviceDetached(new UsbServicesEvent(FakeUsbDevice.services(), device.usb()));
    }

    private static final class Recorder implements UsbDevices.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Found> found = new CopyOnWriteArrayList<>();
        boolean failNext;

        @Override
        public void attached(Found device) {
            record("attached", device);
        }

        @Override
        public void detached(Found device) {
            record("detached", device);
        }

        private void record(String what, Found device) {
            events.add(what + " " + device);
            found.add(device);
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("listener bug");
            }
        }
    }
}

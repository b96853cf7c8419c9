package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.wkpos.edge.drivers.api.BarcodeScanner.Scan;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real reader on a FIFO standing in for /dev/input/eventN (grab=false), and grab failures. */
class EvdevScannerTest {
    private static final int KEY_ENTER = 28;
    private static final int KEY_LEFTSHIFT = 42;

    @TempDir
    Path dir;

    private Path fifo() throws IOException, InterruptedException {
        Path fifo = dir.resolve("event-kbd");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        return fifo;
    }

    /** Key events as this machine's kernel writes them: each press and release followed by EV_SYN. */
    private static byte[] keys(int... codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int code : codes) {
            out.writeBytes(record(1, code, 1));
            out.writeBytes(record(0, 0, 0));
            out.writeBytes(record(1, code, 0));
            out.writeBytes(record(0, 0, 0));
        }
        return out.toByteArray();
    }

    private static byte[] record(int type, int code, int value) {
        boolean wide = ValueLayout.ADDRESS.byteSize() == 8;
        ByteBuffer b = ByteBuffer.allocate(wide ? 24 : 16).order(ByteOrder.nativeOrder());
        if (wide) {
            b.putLong(1_790_000_000L).putLong(5);
        } else {
            b.putInt(1_790_000_000).putInt(5);
        }
        return b.putShort((short) type).putShort((short) code).putInt(value).array();
    }

    @Test
    void keyEventsFromTheDeviceBecomeAScanAndAScanEvent() throws Exception {
        Path fifo = fifo();
        BlockingQueue<Scan> scans = new LinkedBlockingQueue<>();
        BlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        try (EvdevScanner scanner = EvdevScanner.open(DeviceUri.parse("evdev:" + fifo + "?grab=false"))) {
            scanner.onScan(scans::add);
            scanner.onEvent(events::add);
            try (FileOutputStream device = new FileOutputStream(fifo.toFile())) {
                device.write(keys(5, 11, 11, 7, 4, 9, 2, 4, 4, 4, 10, 4, 2, KEY_ENTER));
                device.write(record(1, KEY_LEFTSHIFT, 1));
                device.write(keys(30));
                device.write(record(1, KEY_LEFTSHIFT, 0));
                device.write(keys(2, KEY_ENTER));
            }
            assertThat(scans.poll(5, TimeUnit.SECONDS)).extracting(Scan::code).isEqualTo("4006381333931");
            assertThat(scans.poll(5, TimeUnit.SECONDS)).extracting(Scan::code).isEqualTo("A1");
            assertThat(events.poll(5, TimeUnit.SECONDS)).extracting(DeviceEvent::type, e -> e.data().get("code"))
                    .containsExactly("scan", "4006381333931");
        }
    }

    @Test
    void deviceGoneMakesTheScannerOfflineAndCloseLeavesNoReaderThread() throws Exception {
        Path fifo = fifo();
        String uri = "evdev:" + fifo + "?grab=false";
        BlockingQueue<DeviceEvent> events = new LinkedBlockingQueue<>();
        EvdevScanner scanner = EvdevScanner.open(DeviceUri.parse(uri));
        scanner.onEvent(events::add);
        new FileOutputStream(fifo.toFile()).close();

        DeviceEvent change = events.poll(5, TimeUnit.SECONDS);
        assertThat(change).isNotNull();
        assertThat(change.data()).containsEntry("status", "OFFLINE");
        assertThat(scanner.state().status()).isEqualTo(DeviceState.Status.OFFLINE);

        scanner.reconnect();
        assertThat(scanner.state()).isEqualTo(DeviceState.online());
        scanner.close();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("scanner " + uri));
        assertThat(scanner.state().status()).isEqualTo(DeviceState.Status.CLOSED);
    }

    @Test
    void grabOnSomethingThatIsNotAnInputDeviceFailsClearly() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-device"), "x");
        assertThatThrownBy(() -> EvdevScanner.open(DeviceUri.parse("evdev:" + file)))
                .isInstanceOf(DeviceException.class)
                .hasMessageContaining("cannot grab " + file)
                .hasMessageContaining("not an input event device")
                .satisfies(e -> assertThat(((DeviceException) e).state().status()).isEqualTo(DeviceState.Status.ERROR));
    }

    @Test
    void missingDeviceFailsOffline() {
        Path missing = dir.resolve("usb-Scanner-event-kbd");
        assertThatThrownBy(() -> EvdevScanner.open(DeviceUri.parse("evdev:" + missing)))
                .isInstanceOf(DeviceException.class).hasMessageContaining("no device " + missing)
                .satisfies(e -> assertThat(((DeviceException) e).state().status()).isEqualTo(DeviceState.Status.OFFLINE));
    }

    @Test
    void unreadableDeviceNamesTheInputGroup() throws IOException {
        Path file = Files.writeString(dir.resolve("event-kbd"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "root reads any file, so permissions cannot fail here");
        assertThatThrownBy(() -> EvdevScanner.open(DeviceUri.parse("evdev:" + file)))
                .isInstanceOf(DeviceException.class).hasMessageContaining("permission denied")
                .hasMessageContaining("input group");
    }

    @Test
    void badGrabOptionIsMisuse() {
        assertThatThrownBy(() -> EvdevScanner.open(DeviceUri.parse("evdev:/dev/input/event3?grab=yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grab");
    }
}

package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening only; reading over a real pty pair is in hardware-tests (ScannerSerialIT). */
class SerialScannerTest {
    @TempDir
    Path dir;

    @Test
    void missingPortFailsOfflineNamingThePort() {
        DeviceUri uri = DeviceUri.parse("serial:" + dir.resolve("ttyACM9") + "?suffix=CRLF");
        assertThatThrownBy(() -> SerialScanner.open(uri)).isInstanceOf(DeviceException.class)
                .hasMessageContaining(dir.resolve("ttyACM9").toString()).hasMessageContaining("state=OFFLINE")
                .satisfies(e -> assertThat(((DeviceException) e).state().status()).isEqualTo(DeviceState.Status.OFFLINE));
    }

    @Test
    void nonSerialUriIsMisuse() {
        assertThatThrownBy(() -> SerialScanner.open(DeviceUri.parse("evdev:/dev/input/event3")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evdev:/dev/input/event3");
    }

    @Test
    void misspelledOptionFailsBeforeThePortIsTouched() {
        assertThatThrownBy(() -> SerialScanner.open(DeviceUri.parse("serial:/dev/ttyACM0?sufix=CR")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sufix");
    }
}

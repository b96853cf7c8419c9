package com.wkpos.edge.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.display.SerialPoleDisplay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import jssc.SerialPort;
import jssc.SerialPortException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pole display driver writing to a socat pty pair; the test reads the other end byte for byte. */
class PoleDisplaySerialIT {
    private static final byte[] INIT = {0x1B, '@', 0x0C};

    @TempDir
    Path dir;

    private SocatPair cable;
    private SerialPoleDisplay display;
    private SerialPort host;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @AfterEach
    void unplugEverything() throws SerialPortException {
        if (display != null) {
            display.close();
        }
        if (host != null && host.isOpened()) {
            host.closePort();
        }
        if (cable != null) {
            cable.close();
        }
    }

    private void plugIn() throws SerialPortException, IOException {
        cable = SocatPair.start(dir);
        host = new SerialPort(cable.host().toString());
        host.openPort();
        host.setParams(9600, 8, 1, 0);
        received.reset();
    }

    private static byte[] lines(String line1, String line2) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1B, 'Q', 'A'});
        out.writeBytes(line1.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.writeBytes(new byte[] {0x1B, 'Q', 'B'});
        out.writeBytes(line2.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** Reads what reached the host end until it is {@code expected} long (bounded), then compares. */
    private void assertReceived(byte[] expected) {
        Await.until(Duration.ofSeconds(5), "display bytes " + HexFormat.of().formatHex(expected), () -> {
            try {
                int available = host.getInputBufferBytesCount();
                if (available > 0) {
                    received.writeBytes(host.readBytes(available));
                }
            } catch (SerialPortException e) {
                throw new AssertionError(e);
            }
            return received.size() >= expected.length;
        });
        assertThat(HexFormat.of().formatHex(received.toByteArray())).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void openInitialisesAndShowWritesBothLinesPaddedToTwentyColumns() throws Exception {
        plugIn();
        display = SerialPoleDisplay.open(DeviceUri.parse("serial:" + cable.device() + "?baud=9600"));
        display.show("Croissant", "Total EUR 12.80 incl. VAT");
        assertReceived(concat(INIT, lines("Croissant           ", "Total EUR 12.80 incl")));
        assertThat(display.state()).isEqualTo(DeviceState.online());
    }

    @Test
    void unpluggedDisplayFailsOfflineAndTheNextShowAfterReplugInitialisesAgain() throws Exception {
        plugIn();
        display = SerialPoleDisplay.open(DeviceUri.parse("serial:" + cable.device()));
        host.closePort();
        cable.unplug();

        assertThatThrownBy(() -> display.show("Milk", "EUR 1.29")).isInstanceOf(DeviceException.class)
                .hasMessageContaining("state=OFFLINE");
        assertThat(display.state().status()).isEqualTo(DeviceState.Status.OFFLINE);

        plugIn();
        display.show("Milk", "EUR 1.29");
        assertReceived(concat(INIT, lines("Milk                ", "EUR 1.29            ")));
        assertThat(display.state()).isEqualTo(DeviceState.online());
    }
}

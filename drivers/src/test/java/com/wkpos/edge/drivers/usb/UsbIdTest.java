package com.wkpos.edge.drivers.usb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsbIdTest {

    @Test
    void usbUriNamesVendorAndProductInHex() {
        UsbId id = UsbId.of(DeviceUri.parse("usb:04B8:0e15"));

        assertThat(id.vendor()).isEqualTo(0x04b8);
        assertThat(id.product()).isEqualTo(0x0e15);
        assertThat(id).hasToString("04b8:0e15").isEqualTo(UsbId.parse("04b8:0e15"));
    }

    @Test
    void optionsAfterTheIdAreNotPartOfIt() {
        assertThat(UsbId.of(DeviceUri.parse("usb:0519:0003?interface=0&detach=false"))).isEqualTo(new UsbId(0x0519, 0x0003));
    }

    @ParameterizedTest
    @ValueSource(strings = {"usb:04b8", "usb:04b8:", "usb:04b8:0e1g", "usb:zz04:0e15", "usb:4b8:e15", "usb:04b8:0e15:01",
            "usb:0x04b8:0x0e15", "tcp://10.0.0.5:9100"})
    void badUsbUrisAreRefusedNamingTheUri(String raw) {
        DeviceUri uri = DeviceUri.parse(raw);

        assertThatThrownBy(() -> UsbId.of(uri))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + raw + "'")
                .hasMessageContaining("usb:VID:PID");
    }

    @Test
    void badIdTextIsRefusedNamingIt() {
        assertThatThrownBy(() -> UsbId.parse("epson")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'epson'");
        assertThatThrownBy(() -> UsbId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void idsBeyondSixteenBitsAreRefused() {
        assertThatThrownBy(() -> new UsbId(0x10000, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UsbId(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}

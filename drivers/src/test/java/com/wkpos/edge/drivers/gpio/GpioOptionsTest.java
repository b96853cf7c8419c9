package com.wkpos.edge.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.OptionalInt;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.PullResistance;
import com.wkpos.edge.drivers.api.DeviceUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GpioOptionsTest {
    private final Context context = MockLines.context();

    @AfterEach
    void release() {
        context.shutdown();
    }

    @Test
    void defaultsSuitAPi4DrawerWithoutSwitch() {
        GpioOptions o = GpioOptions.from(DeviceUri.parse("gpio:17"));

        assertThat(o).isEqualTo(new GpioOptions(0, 17, Duration.ofMillis(100), OptionalInt.empty(), true,
                PullResistance.PULL_UP, Duration.ofMillis(20)));
        assertThat(o.chipName()).isEqualTo("gpiochip0");
    }

    @Test
    void everyOptionIsRead() {
        GpioOptions o = GpioOptions.from(
                DeviceUri.parse("gpio:18?chip=4&pulse=250&sensor=23&open=low&pull=off&debounce=0"));

        assertThat(o).isEqualTo(new GpioOptions(4, 18, Duration.ofMillis(250), OptionalInt.of(23), false,
                PullResistance.OFF, Duration.ZERO));
        assertThat(o.chipName()).isEqualTo("gpiochip4");
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            gpio:x                                | the line must be a BCM line number
            gpio:64                               | the line must be 0..63
            gpio:17?chip=-1                       | option chip must be 0..31
            gpio:17?chip=zero                     | option chip must be a whole number
            gpio:17?pulse=5                       | option pulse must be 10..1000 ms, was 5
            gpio:17?pulse=5000                    | option pulse must be 10..1000 ms
            gpio:17?pulse=long                    | option pulse must be a whole number, was 'long'
            gpio:17?sensor=17                     | option sensor must be another line
            gpio:17?sensor=99                     | option sensor must be 0..63
            gpio:17?sensor=27&open=sideways       | option open must be high or low, was sideways
            gpio:17?sensor=27&pull=strong         | option pull must be up, down or off, was strong
            gpio:17?sensor=27&debounce=-1         | option debounce must be 0..1000 ms
            gpio:17?open=low                      | option open needs option sensor
            gpio:17?pulze=50                      | unknown option(s) [pulze]
            printer:pin2                          | needs a gpio:<line> URI
            """)
    void badOptionsAreRefusedBeforeAnyLineIsClaimed(String uri, String message) {
        assertThatThrownBy(() -> GpioDrawer.open(context, DeviceUri.parse(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(uri)
                .hasMessageContaining(message);

        assertThat(context.registry().all()).isEmpty();
    }
}

package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ZvtConfigTest {
    @Test
    void tcpUriDefaultsToPort20007AndTheUsualTimeouts() {
        ZvtConfig config = ZvtConfig.from(DeviceUri.parse("zvt+tcp://10.0.0.7"));

        assertThat(config.serial()).isFalse();
        assertThat(config.host()).isEqualTo("10.0.0.7");
        assertThat(config.port()).isEqualTo(20007);
        assertThat(config.password()).isEqualTo("000000");
        assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void serialUriReadsDeviceBaudAndOptions() {
        ZvtConfig config = ZvtConfig.from(
                DeviceUri.parse("zvt+serial:/dev/ttyUSB1?baud=19200&password=123456&timeout=60000&ackTimeout=3000"));

        assertThat(config.serial()).isTrue();
        assertThat(config.device()).isEqualTo("/dev/ttyUSB1");
        assertThat(config.baud()).isEqualTo(19200);
        assertThat(config.password()).isEqualTo("123456");
        assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.ackTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void badOptionsFailFastNamingTheUri() {
        assertThatThrownBy(() -> ZvtConfig.from(DeviceUri.parse("zvt+tcp://pt?pasword=123456")))
                .hasMessageContaining("unknown option 'pasword'");
        assertThatThrownBy(() -> ZvtConfig.from(DeviceUri.parse("zvt+tcp://pt?password=12")))
                .hasMessageContaining("password").hasMessageContaining("zvt+tcp://pt");
        assertThatThrownBy(() -> ZvtConfig.from(DeviceUri.parse("zvt+tcp://pt?timeout=0")))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> ZvtConfig.from(DeviceUri.parse("tcp://pt:9100")))
                .hasMessageContaining("zvt+tcp or zvt+serial");
    }
}

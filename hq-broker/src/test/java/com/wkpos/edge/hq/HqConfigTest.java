package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HqConfigTest {
    private static HqConfig parse(String... extra) {
        List<String> args = new ArrayList<>(List.of("--state-dir", "/tmp/hq"));
        args.addAll(List.of(extra));
        return HqConfig.parse(args);
    }

    @Test
    void brokerTlsFolderNamesTheFilesBrokerConfigWrites() {
        HqConfig c = parse("--broker", "ssl://broker:8883", "--broker-tls", "/etc/wk-edge/broker");
        assertThat(c.brokerTls()).isEqualTo(new HqConfig.BrokerTls(Path.of("/etc/wk-edge/broker/hq.pem"),
                Path.of("/etc/wk-edge/broker/hq.key"), Path.of("/etc/wk-edge/broker/ca.pem")));
        assertThat(parse("--broker", "tcp://b:1883").brokerTls()).isNull();
    }

    @Test
    void brokerTlsOptionsMustBeCompleteAndNeedAnSslBroker() {
        assertThatThrownBy(() -> parse("--broker", "ssl://b:8883", "--broker-cert", "c", "--broker-key", "k"))
                .hasMessageContaining("--broker-ca FILE is required");
        assertThatThrownBy(() -> parse("--broker", "tcp://b:1883", "--broker-tls", "d")).hasMessageContaining("ssl://");
        assertThatThrownBy(() -> parse("--broker-tls", "d")).hasMessageContaining("ssl://");
        assertThatThrownBy(() -> parse("--broker", "ssl://b:8883", "--broker-tls", "d", "--broker-ca", "c"))
                .hasMessageContaining("either --broker-tls");
        assertThat(parse("--broker", "ssl://b:8883", "--broker-cert", "c", "--broker-key", "k", "--broker-ca", "a")
                .brokerTls().ca()).isEqualTo(Path.of("a"));
    }

    @Test
    void unreadableTlsFilesFailAtStartNamingThem() {
        HqConfig c = parse("--broker", "ssl://b:8883", "--broker-tls", "/nonexistent/broker");
        assertThatThrownBy(() -> c.brokerTls().socketFactory()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/broker/");
    }
}

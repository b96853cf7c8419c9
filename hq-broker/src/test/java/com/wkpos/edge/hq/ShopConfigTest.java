package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web-shop connector's settings and the signature both sides check (ADR 014). */
class ShopConfigTest {
    private static final String KEY = "shared-secret-0123456789";
    @TempDir
    Path dir;

    private ShopConfig read(String text) throws Exception {
        Path f = dir.resolve("shop.properties");
        Files.writeString(f, text);
        return ShopConfig.read(f);
    }

    @Test
    void aConfigurationTakesItsDefaultsAndAnUnknownOrBadKeyFailsNamingIt() throws Exception {
        ShopConfig c = read("shop.url=https://shop.example.org/\nshop.api-key=" + KEY + "\nshop.tenant=acme\n");
        assertThat(c.branch()).as("routed by stock").isNull();
        assertThat(c.autoSync()).isTrue();
        assertThat(c.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.rerouteAfter()).isZero();
        assertThat(read("shop.url=http://127.0.0.1:8095\nshop.api-key=" + KEY + "\nshop.tenant=acme\nshop.branch=nord\n"
                + "shop.auto-sync=false\nshop.interval=60\nshop.reroute-after=900\n").rerouteAfter())
                .isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> read("shop.url=https://s\nshop.api-key=" + KEY + "\nshop.tenant=acme\nshop.secret=x\n"))
                .hasMessageContaining("unknown key shop.secret");
        assertThatThrownBy(() -> read("shop.url=ftp://s\nshop.api-key=" + KEY + "\nshop.tenant=acme\n"))
                .hasMessageContaining("shop.url");
        assertThatThrownBy(() -> read("shop.url=https://s\nshop.api-key=short\nshop.tenant=acme\n"))
                .hasMessageContaining("shop.api-key");
        assertThatThrownBy(() -> read("shop.url=https://s\nshop.api-key=" + KEY + "\nshop.tenant=acme\nshop.interval=5m\n"))
                .hasMessageContaining("shop.interval must be whole seconds");
        assertThatThrownBy(() -> read("shop.url=https://s\nshop.api-key=" + KEY + "\nshop.tenant=a/b\n"))
                .hasMessageContaining("shop.tenant");
        assertThatThrownBy(() -> ShopConfig.read(dir.resolve("missing.properties"))).hasMessageContaining("cannot read");
    }

    @Test
    void hqTakesTheConnectorsFileAndRunsWithoutOneByDefault() {
        assertThat(HqConfig.parse(java.util.List.of("--state-dir", "/tmp/hq")).shopConfig()).isNull();
        assertThat(HqConfig.parse(java.util.List.of("--state-dir", "/tmp/hq", "--shop-config", "/etc/wk-edge/shop.properties"))
                .shopConfig()).isEqualTo(Path.of("/etc/wk-edge/shop.properties"));
        assertThatThrownBy(() -> HqConfig.parse(java.util.List.of("--state-dir", "/tmp/hq", "--shop-config")))
                .hasMessageContaining("--shop-config needs a value");
    }

    @Test
    void aSignatureHoldsOnlyForItsBodyKeyAndTimeWithinTheWindow() {
        byte[] body = "{\"event\":\"order.created\"}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-12-07T10:00:00Z");
        long ts = now.getEpochSecond();
        String sig = ShopSignature.sign(KEY, ts, body);
        assertThat(sig).startsWith("sha256=").hasSize(7 + 64);
        assertThat(ShopSignature.check(KEY, String.valueOf(ts), sig, body, now, ShopConfig.WINDOW)).isNull();
        assertThat(ShopSignature.check(KEY, String.valueOf(ts), sig, body, now.plusSeconds(299), ShopConfig.WINDOW))
                .isNull();
        assertThat(ShopSignature.check(KEY, String.valueOf(ts), sig, body, now.plusSeconds(301), ShopConfig.WINDOW))
                .isEqualTo(ShopSignature.Refusal.STALE);
        assertThat(ShopSignature.check(KEY, String.valueOf(ts), sig, body, now.minusSeconds(301), ShopConfig.WINDOW))
                .as("from the future").isEqualTo(ShopSignature.Refusal.STALE);
        assertThat(ShopSignature.check(KEY, String.valueOf(ts + 1), sig, body, now, ShopConfig.WINDOW))
                .as("the timestamp is signed").isEqualTo(ShopSignature.Refusal.BAD);
        assertThat(ShopSignature.check("another-secret-0123456789", String.valueOf(ts), sig, body, now, ShopConfig.WINDOW))
                .isEqualTo(ShopSignature.Refusal.BAD);
        assertThat(ShopSignature.check(KEY, String.valueOf(ts), sig, "{}".getBytes(StandardCharsets.UTF_8), now,
                ShopConfig.WINDOW)).isEqualTo(ShopSignature.Refusal.BAD);
        assertThat(ShopSignature.check(KEY, null, sig, body, now, ShopConfig.WINDOW)).isEqualTo(ShopSignature.Refusal.MISSING);
        assertThat(ShopSignature.check(KEY, "soon", sig, body, now, ShopConfig.WINDOW)).isEqualTo(ShopSignature.Refusal.MISSING);
        assertThat(ShopSignature.check(KEY, String.valueOf(ts), null, body, now, ShopConfig.WINDOW))
                .isEqualTo(ShopSignature.Refusal.MISSING);
    }
}

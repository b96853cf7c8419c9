package com.wkpos.edge.hq.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.wkpos.edge.hq.license.Databases;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.Tls;
import com.wkpos.edge.provisioning.pki.DeviceCa;
import com.wkpos.edge.provisioning.pki.DeviceCsr;
import com.wkpos.edge.provisioning.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration {@code hq broker-config} writes, proven on a real Mosquitto: branches are isolated
 * from each other and from HQ's topics, and a revoked certificate cannot connect.
 */
class BrokerIsolationIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    @TempDir
    Path dir;
    private final Clock clock = Clock.systemUTC();
    private String caPem;
    private int port;

    /** A device's TLS material: its key stays here, as on the box. */
    private record Identity(String name, String certPem, String keyPem) {
    }

    private Identity enroll(EnrollAuthority a, String branch) {
        EnrollAuthority.NewToken t = a.createToken("acme", branch, clock.instant().plus(Duration.ofDays(1)));
        KeyPair keys = DeviceCsr.generateKeyPair(RANDOM);
        var e = (EnrollAuthority.Enrolled) a.enroll(t.token(), DeviceCsr.create(t.deviceName(), keys));
        return new Identity(t.deviceName(), e.certificatePem(), Pem.of(keys.getPrivate()));
    }

    private MqttClient connect(Identity id) throws MqttException {
        MqttClient c = new MqttClient("ssl://127.0.0.1:" + port, id.name() + "-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        o.setSocketFactory(Tls.socketFactory(caPem, id.certPem(), id.keyPem()));
        c.connect(o);
        return c;
    }

    private static BlockingQueue<String> subscribe(MqttClient c, String... filters) {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        for (String f : filters) {
            try {
                c.subscribe(f, 1, (topic, m) -> got.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8)));
            } catch (MqttException refused) {
                got.add("refused " + f);
            }
        }
        return got;
    }

    private static void publish(MqttClient c, String topic, String body) throws MqttException {
        c.publish(topic, body.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Test
    void branchesSeeOnlyTheirOwnTopicsAndARevokedCertificateCannotConnect() throws Exception {
        assumeThat(Mosquitto.available()).as(Mosquitto.BINARY + " installed").isTrue();
        EnrollAuthority a = EnrollAuthority.open(dir.resolve("hq"), Databases.sqlite(dir.resolve("db")), clock);
        Identity nord = enroll(a, "nord");
        Identity sued = enroll(a, "sued");
        port = Mosquitto.freePort();
        Path out = dir.resolve("broker");
        Path conf = BrokerConfig.write(a, out, new BrokerConfig.Listener("127.0.0.1", port, List.of("127.0.0.1", "localhost")),
                clock.instant());
        caPem = Files.readString(out.resolve("ca.pem"));
        Identity hq = new Identity(BrokerConfig.HQ_USER, Files.readString(out.resolve("hq.pem")),
                Files.readString(out.resolve("hq.key")));

        try (Mosquitto broker = new Mosquitto(conf, port)) {
            MqttClient hqClient = connect(hq);
            MqttClient nordClient = connect(nord);
            MqttClient suedClient = connect(sued);
            BlockingQueue<String> atHq = subscribe(hqClient, "wk/#");
            BlockingQueue<String> atNord = subscribe(nordClient, "wk/acme/b/sued/down/#", "wk/acme/b/sued/up/#", "#",
                    "$SYS/#", "wk/acme/b/nord/down/#", "wk/acme/all/down/#");
            BlockingQueue<String> atSued = subscribe(suedClient, "wk/acme/b/sued/down/#");

            // HQ's messages: sued's reach sued only; nord hears its own and the tenant-wide ones
            publish(hqClient, Topics.downCmd("acme", "sued"), "for sued");
            publish(suedClient, Topics.upJournal("acme", "sued"), "sued's batch");
            publish(hqClient, Topics.downAck("acme", "nord"), "for nord");
            publish(hqClient, Topics.allDownCatalog("acme"), "price head");
            assertThat(atSued.poll(10, TimeUnit.SECONDS)).isEqualTo(Topics.downCmd("acme", "sued") + " for sued");
            assertThat(drainUntil(atNord, "price head")).doesNotContain(Topics.downCmd("acme", "sued") + " for sued")
                    .noneMatch(m -> m.contains("sued's batch") || m.startsWith("$SYS"))
                    .contains(Topics.downAck("acme", "nord") + " for nord");

            // nord may not write HQ's price topic, another branch's topics, or its own down/; its own up/ arrives
            publish(nordClient, Topics.allDownCatalog("acme"), "forged price");
            publish(nordClient, Topics.upJournal("acme", "sued"), "forged batch");
            publish(nordClient, Topics.downCmd("acme", "nord"), "forged command");
            publish(nordClient, Topics.upJournal("acme", "nord"), "nord's batch");
            List<String> hqSaw = drainUntil(atHq, "nord's batch");
            assertThat(hqSaw).noneMatch(m -> m.contains("forged"));
            assertThat(atSued.poll(200, TimeUnit.MILLISECONDS)).isNull();

            // revoked: the CRL and the ACL are rewritten, the broker restarted; sued cannot connect, nord can
            assertThat(a.revoke(sued.name())).isTrue();
            BrokerConfig.write(a, out, new BrokerConfig.Listener("127.0.0.1", port, List.of("127.0.0.1")), clock.instant());
            assertThat(Files.readString(out.resolve("acl"))).doesNotContain(sued.name());
            for (MqttClient c : List.of(hqClient, nordClient, suedClient)) {
                c.disconnectForcibly(100, 100);
                c.close(true);
            }
            broker.restart();
            assertThatThrownBy(() -> connect(sued)).isInstanceOf(MqttException.class);
            connect(nord).disconnect();
            DeviceCa stranger = DeviceCa.loadOrCreate(dir.resolve("stranger"), "other CA", clock.instant(), RANDOM);
            KeyPair k = DeviceCsr.generateKeyPair(RANDOM);
            Identity forged = new Identity(nord.name(), Pem.write(stranger.issueClient(nord.name(), k.getPublic(),
                    clock.instant(), Duration.ofDays(1))), Pem.of(k.getPrivate()));
            assertThatThrownBy(() -> connect(forged)).as("a certificate from another CA").isInstanceOf(MqttException.class);
        }
    }

    @Test
    void hqConnectsWithTheIdentityBrokerConfigWrote() throws Exception {
        assumeThat(Mosquitto.available()).as(Mosquitto.BINARY + " installed").isTrue();
        Path state = dir.resolve("hq");
        port = Mosquitto.freePort();
        Path out = dir.resolve("broker");
        {
            var db = com.wkpos.edge.hq.license.Databases.sqlite(dir.resolve("enroll-db"));
            BrokerConfig.write(EnrollAuthority.open(state, db, clock), out,
                    new BrokerConfig.Listener("127.0.0.1", port, List.of("127.0.0.1")), clock.instant());
        }
        String broker = "ssl://127.0.0.1:" + port;
        try (Mosquitto m = new Mosquitto(out.resolve(BrokerConfig.CONF), port);
             var hq = com.wkpos.edge.hq.Hq.start(com.wkpos.edge.hq.HqConfig.parse(List.of("--state-dir", state.toString(),
                     "--listen", "127.0.0.1:0", "--broker", broker, "--broker-tls", out.toString())), clock, List.of())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!hq.brokerConnected() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertThat(hq.brokerConnected()).as("HQ with hq.pem/hq.key").isTrue();
        }
    }

    /** Messages received until one containing {@code marker} (bounded: 10 s). */
    private static List<String> drainUntil(BlockingQueue<String> q, String marker) throws InterruptedException {
        List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String m = q.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                seen.add(m);
                if (m.contains(marker)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("no message with '" + marker + "' within 10 s; saw " + seen);
    }
}

package com.wkpos.edge.agent.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.license.LicenseStatus;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import com.wkpos.edge.hq.enroll.BrokerConfig;
import com.wkpos.edge.hq.enroll.EnrollAuthority;
import com.wkpos.edge.provisioning.Cli;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The headline: a fresh box goes from a USB key to selling through a paired screen, across a real
 * Mosquitto with TLS, client certificates and the per-branch ACL {@code hq broker-config} writes, and a
 * real HQ (in-process, SQLite). The technician makes the bundle with the CLI; the box enrolls, switches to
 * mTLS sync without a restart, is licensed by HQ over MQTT, prints a confirmation slip whose code pairs a
 * screen; a sale over HTTPS reaches HQ. Then the box's certificate is revoked and can no longer connect.
 */
class UsbKeyToSaleIT {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private Process broker;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
        stopBroker();
    }

    @Test
    void aFreshBoxGoesFromUsbKeyToASaleAtHqOverMutualTls() throws Exception {
        assumeThat(mosquittoAvailable()).as(MOSQUITTO + " installed").isTrue();
        Path hqState = dir.resolve("hq");
        Path brokerDir = dir.resolve("broker");
        int mqttPort = freePort();
        BrokerConfig.Listener listener = new BrokerConfig.Listener("127.0.0.1", mqttPort, List.of("127.0.0.1"));
        // the operator's first broker-config: the CA, the broker's and HQ's certificates, no device yet
        BrokerConfig.write(EnrollAuthority.open(hqState, sqlite(dir.resolve("bootstrap.db")), clock), brokerDir, listener,
                clock.instant());
        startBroker(brokerDir.resolve(BrokerConfig.CONF), mqttPort);
        Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", hqState.toString(), "--listen", "127.0.0.1:0",
                "--tenant", "acme", "--broker", "ssl://127.0.0.1:" + mqttPort, "--broker-tls", brokerDir.toString())),
                clock, List.of());
        open.add(hq);
        await("HQ on the mTLS broker", Duration.ofSeconds(15), hq::brokerConnected);
        registerTenant(new Http(hq.port(), hq.adminToken().value()));

        // the technician: a provisioning key, then a bundle on the USB key
        assertThat(cli("provision", "keygen", "--out", dir.resolve("keys").toString())).isZero();
        Path usb = dir.resolve("usb");
        assertThat(cli("provision", "bundle", "create", "--key", dir.resolve("keys/provisioning.key.jwk").toString(),
                "--tenant", "acme", "--branch", "nord", "--broker", "ssl://127.0.0.1:" + mqttPort,
                "--broker-ca", brokerDir.resolve("ca.pem").toString(), "--hq-key", hqState.resolve(Hq.PUBLIC_KEY_FILE)
                        .toString(), "--license-keys", hqState.resolve("license-keys.jwks").toString(),
                "--hq", "http://127.0.0.1:" + hq.port(), "--hq-state-dir", hqState.toString(), "--out", usb.toString()))
                .isZero();

        // a fresh box: nothing but the vendor's provisioning keys and a receipt printer
        Path box = dir.resolve("box");
        Agent agent = Agent.start(AgentConfig.parse(List.of("--state-dir", box.toString(), "--listen", "127.0.0.1:0",
                "--demo-catalog", "--demo-till", "--devices", "sim", "--provisioning-keys",
                dir.resolve("keys/provisioning.keys.jwks").toString())), clock);
        open.add(agent);
        assertThat(agent.sync()).isEmpty();
        assertThat(agent.licensing().status().locked()).isTrue();
        // the import unit copies the key's bundle into the spool (see systemd's usbkey-import)
        Files.createDirectories(box.resolve("usb-key"));
        Files.copy(usb.resolve(BundleToken.PATH_ON_KEY), box.resolve("usb-key/sdb1.jws"));

        await("the box enrolled at HQ", Duration.ofSeconds(15), () -> !hq.enrollment().activeDevices().isEmpty());
        String device = (String) hq.enrollment().activeDevices().getFirst().get("device");
        // the operator re-runs broker-config (the ACL now names the box) and restarts the broker
        BrokerConfig.write(hq.enrollment(), brokerDir, listener, clock.instant());
        assertThat(Files.readString(brokerDir.resolve("acl"))).contains("user " + device);
        restartBroker(brokerDir.resolve(BrokerConfig.CONF), mqttPort);

        List<String> slips = agent.drivers().printerSimulator().awaitReceipts(1, Duration.ofSeconds(20));
        String slip = slips.getFirst();
        assertThat(slip).contains("Tenant acme", "Branch nord", device, agent.certificate().fingerprint().substring(0, 47),
                "https://127.0.0.1:" + agent.port());
        await("sync connected with the box's certificate", Duration.ofSeconds(30),
                () -> agent.sync().isPresent() && agent.sync().get().connected());
        await("HQ back on the restarted broker", Duration.ofSeconds(20), hq::brokerConnected);
        // the box's first heartbeat (with the license request) may have beaten HQ back onto the restarted broker;
        // a reconnect sends the next one now instead of after the 30 s heartbeat interval
        agent.sync().get().dropConnection();
        await("licensed by HQ over MQTT", Duration.ofSeconds(30),
                () -> agent.licensing().status().level() == LicenseStatus.Level.FULL);

        Matcher code = Pattern.compile("(\\d{3}) (\\d{3})").matcher(slip);
        assertThat(code.find()).as(slip).isTrue();
        assertThat(journalText(agent)).as("the code is on paper only").contains("provisioning.step")
                .doesNotContain(code.group(1) + code.group(2));
        Http screen = Http.unpaired(agent);
        assertThat(agent.url("127.0.0.1")).startsWith("https://");
        screen = screen.withToken(screen.pair(code.group(1) + code.group(2), "till 1")).loggedIn("anna", "1111", 0);
        Http.Response sale = screen.post("/api/v1/sales", """
                {"lines":[{"sku":"COF-250","qty":1}],"payments":[{"method":"CASH","amount":2000}]}""",
                UUID.randomUUID().toString());
        assertThat(sale.status()).as(sale.body()).isEqualTo(201);
        long head = agent.journal().head().seq();
        await("the sale acked by HQ", Duration.ofSeconds(30), () -> agent.sync().get().ackedSeq() >= head);
        assertThat(hq.entries(agent.journal().deviceId())).isGreaterThanOrEqualTo(head);

        // a restart comes back on the installed configuration: mTLS sync, HQ's keys pinned, still licensed
        agent.close();
        open.remove(agent);
        Agent again = Agent.start(AgentConfig.parse(List.of("--state-dir", box.toString(), "--listen", "127.0.0.1:0",
                "--demo-catalog", "--provisioning-keys", dir.resolve("keys/provisioning.keys.jwks").toString())), clock);
        open.add(again);
        assertThat(again.licensing().status().level()).isEqualTo(LicenseStatus.Level.FULL);
        await("sync back after the restart", Duration.ofSeconds(20),
                () -> again.sync().isPresent() && again.sync().get().connected());

        // revoked: after broker-config and a broker restart the box's certificate no longer gets in
        assertThat(hq.enrollment().revoke(device)).isTrue();
        BrokerConfig.write(hq.enrollment(), brokerDir, listener, clock.instant());
        restartBroker(brokerDir.resolve(BrokerConfig.CONF), mqttPort);
        await("HQ back on the broker", Duration.ofSeconds(20), hq::brokerConnected);
        Path log = brokerDir.resolve("mosquitto.log");
        long before = Files.size(log);
        try {
            await("the broker refused the revoked certificate", Duration.ofSeconds(30), () -> refusedSince(log, before));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; broker log: " + Files.readString(log), e);
        }
        assertThat(again.sync().get().connected()).isFalse();
    }

    /** What the journal says about pairing and provisioning (where a code could leak). */
    private static String journalText(Agent agent) {
        return agent.journal().read(c -> {
            StringBuilder all = new StringBuilder();
            try (var ps = c.prepareStatement(
                    "SELECT type, payload FROM journal WHERE type LIKE 'pairing.%' OR type LIKE 'provisioning.%'"); var rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.append(rs.getString(1)).append(' ').append(rs.getString(2)).append('\n');
                }
            }
            return all.toString();
        });
    }

    private static void registerTenant(Http admin) throws Exception {
        Http.Response serial = admin.post("/admin/license/serials", """
                {"plan": "pro", "modules": ["accounting", "loyalty"], "maxDevices": 2, "validDays": 365}""", null);
        assertThat(serial.status()).as(serial.body()).isEqualTo(201);
        assertThat(admin.post("/admin/license/tenants", "{\"serial\": \"" + serial.json().get("serial").asText()
                + "\", \"tenant\": \"acme\"}", null).status()).isEqualTo(201);
    }

    private static int cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Cli.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        return code;
    }

    private static boolean refusedSince(Path log, long offset) {
        try {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            return text.substring((int) Math.min(offset, text.length())).contains("certificate verify failed");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SQLiteDataSource sqlite(Path file) {
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    private static boolean mosquittoAvailable() {
        if (Files.isExecutable(MOSQUITTO)) {
            return true;
        }
        if ("required".equals(System.getenv("WK_EDGE_REAL_SERVICES"))) {
            throw new IllegalStateException("WK_EDGE_REAL_SERVICES=required but " + MOSQUITTO + " is missing");
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void startBroker(Path conf, int port) throws IOException {
        if ("root".equals(System.getProperty("user.name")) && !Files.readString(conf).contains("\nuser ")) {
            // as root Mosquitto drops to user 'mosquitto', who cannot enter the test's private temp folder
            Files.writeString(conf, "user root\n", java.nio.file.StandardOpenOption.APPEND);
        }
        Path log = conf.resolveSibling("mosquitto.log");
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await("mosquitto listening on " + port, Duration.ofSeconds(10), () -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                assertThat(broker.isAlive()).as("mosquitto running").isTrue();
                return false;
            }
        });
    }

    private void restartBroker(Path conf, int port) throws Exception {
        stopBroker();
        startBroker(conf, port);
    }

    private void stopBroker() throws InterruptedException {
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
        }
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}

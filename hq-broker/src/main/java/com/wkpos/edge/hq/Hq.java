package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.hq.enroll.EnrollAuthority;
import com.wkpos.edge.hq.console.ConsoleRoutes;
import com.wkpos.edge.hq.enroll.EnrollRoutes;
import com.wkpos.edge.hq.license.HqLicense;
import com.wkpos.edge.hq.license.LicenseAuthority;
import com.wkpos.edge.hq.license.LicenseRoutes;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tinylog.Logger;

/**
 * HQ's composition root: the broker (embedded unless {@code --broker}), the store (SQLite unless
 * {@code --db}), ingest and downstream publishing over one MQTT link, and the admin HTTP API with
 * sync's routes plus any {@link HqRoutes} other modules bring. The signing key is made on first start
 * in the state directory; branches pin its public half ({@code hq-signing.pub}).
 */
public final class Hq implements AutoCloseable {
    public static final String PUBLIC_KEY_FILE = "hq-signing.pub";
    private final HqConfig config;
    private final Clock clock;
    private final HqMetrics metrics = new HqMetrics();
    private final List<AutoCloseable> running = new ArrayList<>();
    private HqDatabase db;
    private Downstreams downstreams;
    private HqSync sync;
    private Supply supply;
    private GapWatch gaps;
    private MqttLink link;
    private HqServer server;
    private EnrollAuthority enroll;
    private String publicKeyPem;
    private AdminToken adminToken;
    private String brokerUrl;

    private Hq(HqConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public static Hq start(HqConfig config, Clock clock, List<HqRoutes> extraRoutes) {
        Hq hq = new Hq(config, clock);
        try {
            hq.startParts(extraRoutes);
            return hq;
        } catch (RuntimeException e) {
            hq.close();
            throw e;
        }
    }

    private void startParts(List<HqRoutes> extraRoutes) {
        KeyPair keys;
        try {
            keys = Ed25519.loadOrCreate(config.stateDir().resolve("hq-signing.key"),
                    config.stateDir().resolve(PUBLIC_KEY_FILE));
            publicKeyPem = Ed25519.pem("PUBLIC KEY", keys.getPublic().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create HQ's signing key in " + config.stateDir(), e);
        }
        adminToken = AdminToken.loadOrCreate(config.stateDir());
        db = HqDatabase.open(config.dbUrl(), config.stateDir());
        running.addFirst(db);
        downstreams = new Downstreams(db, clock);
        LicenseAuthority licenses = HqLicense.open(config.stateDir(), db.dataSource(), clock);
        enroll = EnrollAuthority.open(config.stateDir(), db.dataSource(), clock);
        sync = new HqSync(db, downstreams, metrics, new Ed25519.Signer(keys), clock, licenses);
        supply = new Supply(db, clock, sync::publishSupply);
        ShopConnector shop = null;
        if (config.shopConfig() != null) {
            shop = new ShopConnector(ShopConfig.read(config.shopConfig()), db, downstreams, clock, sync::publishSupply);
            sync.onIngested(shop::stockMoved);
        }
        brokerUrl = config.brokerUrl();
        if (config.embeddedBroker()) {
            EmbeddedBroker broker = EmbeddedBroker.start(config.mqttHost(), config.mqttPort());
            running.addFirst(broker);
            brokerUrl = broker.url();
        }
        link = new MqttLink(new MqttLink.Options(brokerUrl, "hq-" + UUID.randomUUID(),
                List.of(config.sharedIngest() ? Topics.INGEST_SHARED : Topics.INGEST), null, 1_000,
                Duration.ofSeconds(10), Duration.ofSeconds(5),
                config.brokerTls() == null ? null : config.brokerTls().socketFactory()), sync::message, sync::republishHeads);
        sync.attach(link);
        gaps = new GapWatch(db, clock, GapWatch.DEFAULT_BOUND, metrics);
        running.addFirst(watchGaps(gaps));
        running.addFirst(link.start());
        if (shop != null) {
            running.addFirst(shop.start());
        }
        List<HqRoutes> routes = new ArrayList<>();
        routes.add(new SyncRoutes(this));
        routes.add(new SalesRoutes(this));
        routes.add(new BackOfficeRoutes(this));
        routes.add(new SupplyRoutes(this));
        routes.add(new ShopRoutes(shop));
        routes.add(app -> LicenseRoutes.register(app, licenses));
        routes.add(app -> EnrollRoutes.register(app, enroll));
        routes.add(new ConsoleRoutes());
        routes.addAll(extraRoutes);
        server = HqServer.start(config.listenHost(), config.listenPort(), routes, adminToken);
        running.addFirst(server);
    }

    private static AutoCloseable watchGaps(GapWatch gaps) {
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("hq-gap-watch").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                gaps.check();
            } catch (RuntimeException e) {
                Logger.error(e, "gap check failed");
            }
        }, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
        return scheduler::shutdownNow;
    }

    public Downstream setPrice(String tenant, String sku, long amount, List<String> branches) {
        return published(downstreams.setPrice(tenant, sku, amount, branches));
    }

    public Downstream importCatalog(String tenant, JsonNode catalog) {
        return published(downstreams.importCatalog(tenant, catalog));
    }

    public Downstream setSection(String tenant, String section, JsonNode value) {
        return published(downstreams.setSection(tenant, section, value));
    }

    private Downstream published(Downstream d) {
        sync.publish(d);
        Logger.info("published {} for tenant {}", d.describe(), d.tenant());
        return d;
    }

    public List<Map<String, Object>> branches(String tenant) {
        return db.inTransaction(c -> HqViews.branches(c, clock.instant())).stream()
                .filter(b -> tenant == null || tenant.equals(b.get("tenant"))).toList();
    }

    public List<Map<String, Object>> stock(String tenant, String branch) {
        return stock(tenant, branch, null);
    }

    /** The branches' low-stock alerts, newest first; {@code branch} null for all. */
    public List<Map<String, Object>> stockAlerts(String tenant, String branch, int limit) {
        return db.inTransaction(c -> StockAlerts.list(c, tenant, branch, limit));
    }

    /** Stock per branch and SKU from the moves HQ received; {@code branch} and {@code sku} null for all. */
    public List<Map<String, Object>> stock(String tenant, String branch, String sku) {
        return db.inTransaction(c -> HqViews.stock(c, tenant, branch, sku));
    }

    /** The newest sales HQ received that match {@code q}, with their payments and what was refunded of them. */
    List<Map<String, Object>> sales(SalesViews.Query q) {
        return db.inTransaction(c -> SalesViews.sales(c, q));
    }

    /** Sales, refunds and net per branch over the days of {@code q}. */
    Map<String, Object> salesSummary(SalesViews.Query q) {
        return db.inTransaction(c -> SalesViews.summary(c, q));
    }

    /** A back-office report over the branches of {@code q}; runs in one read transaction. */
    BackOfficeViews.Report backOfficeReport(BackOfficeViews.Query q) {
        return db.inTransaction(c -> BackOfficeViews.run(c, q, clock.instant()));
    }

    /** Today in {@code zone} by HQ's clock. */
    java.time.LocalDate today(java.time.ZoneId zone) {
        return java.time.LocalDate.ofInstant(clock.instant(), zone);
    }

    /** A customer profile as last written anywhere (LWW on HLC, device id breaking ties). */
    public java.util.Optional<Map<String, Object>> customer(String tenant, String id) {
        return db.inTransaction(c -> HqViews.customer(c, tenant, id));
    }

    public List<Map<String, Object>> alarms() {
        return db.inTransaction(c -> Alarms.list(c, 200));
    }

    /** Entries HQ holds for a device (tests and the drain benchmark count them). */
    public long entries(String device) {
        return db.inTransaction(c -> HqViews.entries(c, device));
    }

    public long unbalancedTransactions() {
        return db.inTransaction(HqViews::unbalancedTransactions);
    }

    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("status", link.connected() ? "UP" : "DEGRADED");
        h.put("broker", Map.of("url", brokerUrl, "connected", link.connected(), "embedded", config.embeddedBroker(),
                "lastError", link.lastError()));
        h.put("store", db.postgres() ? "postgresql" : "sqlite");
        h.put("tenant", config.tenant());
        h.put("downstreamVersion", downstreams.head(config.tenant()));
        return h;
    }

    String metricsText() {
        return metrics.prometheus() + "# TYPE wk_hq_broker_connected gauge\nwk_hq_broker_connected "
                + (link.connected() ? 1 : 0) + "\n# TYPE wk_hq_entries_held_above_gap gauge\nwk_hq_entries_held_above_gap "
                + gaps.heldEntries() + "\n";
    }

    public HqMetrics metrics() {
        return metrics;
    }

    /** Transfers and purchase orders as the operator makes and reads them (ADR 013). */
    Supply supply() {
        return supply;
    }

    Downstreams downstreams() {
        return downstreams;
    }

    public String tenant() {
        return config.tenant();
    }

    public String publicKeyPem() {
        return publicKeyPem;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    public boolean brokerConnected() {
        return link.connected();
    }

    /** The enrollment authority (device CA, enroll tokens, revocation). */
    public EnrollAuthority enrollment() {
        return enroll;
    }

    public int port() {
        return server.port();
    }

    /** The admin API's bearer token ({@code admin.token} in the state directory). */
    public AdminToken adminToken() {
        return adminToken;
    }

    List<String> endpoints() {
        return server.endpoints();
    }

    @Override
    public void close() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                Logger.warn("closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
        running.clear();
    }
}

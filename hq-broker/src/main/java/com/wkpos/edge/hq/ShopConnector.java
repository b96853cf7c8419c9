package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * HQ's connector to the web shop (ADR 014). Inbound, {@link #webhook} takes the shop's signed deliveries: a new
 * order is stored once and routed to a branch (the configured one, else the one with most of it in stock) as a
 * supply command; a delivered one is closed. Outbound, one scheduler thread reports every order status the
 * branches journaled to the shop until it acknowledges (2xx or 409) with backoff, pushes a new catalog version
 * (products, categories, prices, promotions and coupons) and the per-SKU stock
 * levels that changed (every interval, and soon after new stock moves or orders), and re-routes an order its
 * branch has not taken in within {@code reroute-after}. HTTP calls never run inside a store transaction.
 */
final class ShopConnector implements AutoCloseable {
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private final ShopConfig config;
    private final HqDatabase db;
    private final Downstreams downstreams;
    private final Clock clock;
    private final Consumer<List<SupplyCommand>> publisher;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hq-shop").daemon(true).factory());
    private volatile boolean stockChanged = true;
    private volatile Instant nextPush = Instant.EPOCH;

    /** @param publisher sends supply commands to their branches; called after the commit */
    ShopConnector(ShopConfig config, HqDatabase db, Downstreams downstreams, Clock clock,
                  Consumer<List<SupplyCommand>> publisher) {
        this.config = config;
        this.db = db;
        this.downstreams = downstreams;
        this.clock = clock;
        this.publisher = publisher;
    }

    ShopConnector start() {
        scheduler.scheduleWithFixedDelay(this::tick, config.retry().toMillis(), config.retry().toMillis(),
                TimeUnit.MILLISECONDS);
        Logger.info("web-shop connector for tenant {}: {} (branch {}, stock push {})", config.tenant(), config.url(),
                config.branch() == null ? "by stock" : config.branch(), config.autoSync() ? "every " + config.interval() : "off");
        return this;
    }

    String tenant() {
        return config.tenant();
    }

    /** Something that moves stock arrived: push the levels at the next tick. */
    void stockMoved() {
        stockChanged = true;
    }

    /**
     * A webhook delivery from the shop: {@code {event: "order.created", order: {id, lines: [{sku, qty}],
     * customer: {name, email, phone}, note}}} or {@code {event: "order.delivered", order: {id}}}.
     *
     * @return the order as HQ holds it, with {@code duplicate: true} when it was delivered before
     * @throws HqApiException 401 unsigned, stale or badly signed; 400 malformed; 409 a replayed delivery or a
     *                        delivered order that was not shipped; 404 an unknown order; nothing is stored then
     */
    Map<String, Object> webhook(byte[] body, String timestamp, String signature) {
        ShopSignature.Refusal refusal = ShopSignature.check(config.apiKey(), timestamp, signature, body, clock.instant(),
                ShopConfig.WINDOW);
        if (refusal != null) {
            throw new HqApiException(401, "webhook-" + refusal.name().toLowerCase(java.util.Locale.ROOT), switch (refusal) {
                case MISSING -> ShopSignature.TIMESTAMP + " (Unix seconds) and " + ShopSignature.SIGNATURE + " are required";
                case STALE -> ShopSignature.TIMESTAMP + " " + timestamp + " is more than " + ShopConfig.WINDOW.toMinutes()
                        + " minutes from HQ's clock";
                case BAD -> ShopSignature.SIGNATURE + " does not match the body";
            });
        }
        ShopDelivery d = ShopDelivery.parse(body);
        String id = d.orderId();
        Instant now = clock.instant();
        List<SupplyCommand> made = new ArrayList<>();
        Map<String, Object> result = switch (d.event()) {
            case ShopDelivery.CREATED -> created(signature, now, d, made);
            default -> db.inTransaction(c -> {
                made.clear();
                delivery(c, signature, now);
                ShopOrders.Order o = ShopOrders.find(c, config.tenant(), id).orElseThrow(() -> new HqApiException(404,
                        "unknown-order", "no web-shop order " + id));
                if (o.status() == ShopOrders.Status.DELIVERED) {
                    return duplicate(o);
                }
                if (o.status() != ShopOrders.Status.SHIPPED) {
                    throw new HqApiException(409, "order-not-shipped", "order " + id + " is " + o.status()
                            + "; only a SHIPPED order is delivered");
                }
                made.add(ShopOrders.delivered(c, now, config.tenant(), o));
                return ShopOrders.find(c, config.tenant(), id).orElseThrow().view();
            });
        };
        publisher.accept(List.copyOf(made));
        return result;
    }

    private Map<String, Object> created(String signature, Instant now, ShopDelivery d, List<SupplyCommand> made) {
        String id = d.orderId();
        JsonNode catalog = config.branch() == null ? downstreams.catalog(config.tenant()).orElse(null) : null;
        Map<String, Object> result = db.inTransaction(c -> {
            made.clear();
            delivery(c, signature, now);
            Optional<ShopOrders.Order> known = ShopOrders.find(c, config.tenant(), id);
            if (known.isPresent()) {
                return duplicate(known.get());
            }
            String branch = config.branch() != null ? config.branch()
                    : ShopStock.best(c, config.tenant(), d.lines(), catalog, Set.of()).orElseThrow(() -> new HqApiException(503, "no-branch",
                    "tenant " + config.tenant() + " has no branch to fulfil order " + id + " yet; deliver it again later"));
            made.add(ShopOrders.create(c, now, config.tenant(), id, branch, d.lines(), d.customer(), d.note()));
            return ShopOrders.find(c, config.tenant(), id).orElseThrow().view();
        });
        Logger.info("web-shop order {} routed to branch {}{}", id, result.get("branch"),
                Boolean.TRUE.equals(result.get("duplicate")) ? " (delivered again)" : "");
        stockMoved();
        return result;
    }

    /** Records a delivery's signature; the same one again is a replay. */
    private void delivery(Connection c, String signature, Instant now) throws SQLException {
        if (Sql.update(c, "INSERT INTO hq_shop_deliveries (signature, tenant, received_at, received_ms) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (signature) DO NOTHING", signature.trim(), config.tenant(), now.toString(),
                now.toEpochMilli()) == 0) {
            throw new HqApiException(409, "webhook-replayed", "this delivery (" + ShopSignature.SIGNATURE
                    + ") was taken already; a retry must be signed afresh");
        }
    }

    private static Map<String, Object> duplicate(ShopOrders.Order o) {
        Map<String, Object> view = o.view();
        view.put("duplicate", true);
        return view;
    }

    /** Per SKU over every branch: the level the shop is told. */
    Map<String, Long> levels() {
        JsonNode catalog = downstreams.catalog(config.tenant()).orElse(null);
        Map<String, Long> total = new TreeMap<>();
        db.inTransaction(c -> ShopStock.branchLevels(c, config.tenant(), catalog)).values().forEach(b -> b.forEach((sku, q) -> total.merge(sku, q,
                Long::sum)));
        return total;
    }

    private void tick() {
        try {
            sendReports();
            if (config.autoSync()) {
                pushCatalog();
            }
            if (config.autoSync() && (stockChanged || !clock.instant().isBefore(nextPush))) {
                pushStock();
            }
            if (!config.rerouteAfter().isZero()) {
                reroute();
            }
            forgetOldDeliveries();
        } catch (RuntimeException e) {
            Logger.error(e, "web-shop connector tick failed");
        }
    }

    /**
     * The status reports due, each POSTed until the shop acknowledges it. An order's reports go in status order
     * (only its earliest unacknowledged one is ever due), one the shop refuses holds back that order only, and a
     * shop that cannot be reached ends the round.
     */
    void sendReports() {
        record Due(String eventId, String orderId, String body, int attempts) {
        }
        long now = clock.millis();
        List<Due> due = db.inTransaction(c -> {
            List<Due> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT r.event_id, r.order_id, r.body, r.attempts"
                    + " FROM hq_shop_reports r WHERE r.tenant = ? AND r.acked_at IS NULL AND r.next_ms <= ?"
                    + " AND NOT EXISTS (SELECT 1 FROM hq_shop_reports e WHERE e.tenant = r.tenant"
                    + " AND e.order_id = r.order_id AND e.acked_at IS NULL AND e.status_rank < r.status_rank)"
                    + " ORDER BY r.created_at, r.event_id LIMIT 50", config.tenant(), now); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        });
        for (Due d : due) {
            Outcome sent = post("/retail/orders/" + URLEncoder.encode(d.orderId(), StandardCharsets.UTF_8) + "/status",
                    d.body(), d.eventId());
            int attempts = d.attempts() + 1;
            long backoff = Math.min(MAX_BACKOFF.toMillis(), config.retry().toMillis() << Math.min(attempts - 1, 16));
            db.inTransaction(c -> sent.error() == null
                    ? Sql.update(c, "UPDATE hq_shop_reports SET acked_at = ?, attempts = ?, last_error = NULL"
                    + " WHERE tenant = ? AND event_id = ?", clock.instant().toString(), attempts, config.tenant(), d.eventId())
                    : Sql.update(c, "UPDATE hq_shop_reports SET attempts = ?, next_ms = ?, last_error = ?"
                    + " WHERE tenant = ? AND event_id = ?", attempts, clock.millis() + backoff, sent.error(), config.tenant(),
                    d.eventId()));
            if (sent.error() != null) {
                Logger.warn("web-shop status {} not delivered (attempt {}): {}", d.eventId(), attempts, sent.error());
                if (sent.unreachable()) {
                    return;
                }
            }
        }
    }

    /**
     * Forgets the signatures of deliveries older than twice the timestamp window: a replay of one of them is
     * refused as stale anyway, so the table stays small.
     */
    private void forgetOldDeliveries() {
        long before = clock.millis() - 2 * ShopConfig.WINDOW.toMillis();
        db.inTransaction(c -> Sql.update(c, "DELETE FROM hq_shop_deliveries WHERE tenant = ? AND received_ms < ?",
                config.tenant(), before));
    }

    /** Pushes the SKUs whose level changed since the last push the shop acknowledged. */
    void pushStock() {
        stockChanged = false;
        nextPush = clock.instant().plus(config.interval());
        Map<String, Long> levels = levels();
        Map<String, Long> pushed = db.inTransaction(c -> {
            Map<String, Long> out = new TreeMap<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT sku, qty FROM hq_shop_stock WHERE tenant = ?", config.tenant());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
        Map<String, Long> changed = new TreeMap<>();
        levels.forEach((sku, qty) -> {
            if (!Objects.equals(pushed.get(sku), qty)) {
                changed.put(sku, qty);
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        String at = clock.instant().toString();
        Map<String, Object> body = Map.of("levels", changed.entrySet().stream()
                .map(e -> Map.of("sku", e.getKey(), "qty", e.getValue())).toList(), "at", at);
        String error = post("/retail/stock", SyncCodec.encodeString(body), "stock:" + at).error();
        if (error != null) {
            stockChanged = true;
            Logger.warn("web-shop stock push of {} SKUs failed: {}", changed.size(), error);
            return;
        }
        db.inTransaction(c -> {
            for (Map.Entry<String, Long> e : changed.entrySet()) {
                Sql.update(c, "INSERT INTO hq_shop_stock (tenant, sku, qty, pushed_at) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (tenant, sku) DO UPDATE SET qty = excluded.qty, pushed_at = excluded.pushed_at",
                        config.tenant(), e.getKey(), e.getValue(), at);
            }
            return null;
        });
    }

    /**
     * Pushes HQ's catalog when its version moved since the shop last acknowledged one: categories, products
     * with their variants' SKUs, names, barcodes and tenant-wide prices, tax rates, and the promotions (coupons
     * among them). Branch-only prices stay at HQ.
     */
    void pushCatalog() {
        long version = downstreams.head(config.tenant());
        long pushed = db.inTransaction(c -> Sql.number(c, "SELECT COALESCE(MAX(version), 0) FROM hq_shop_catalog"
                + " WHERE tenant = ?", config.tenant()));
        if (version == 0 || version == pushed) {
            return;
        }
        Optional<JsonNode> catalog = downstreams.catalog(config.tenant());
        if (catalog.isEmpty()) {
            return;
        }
        ObjectNode body = SyncCodec.MAPPER.createObjectNode();
        body.put("version", version);
        JsonNode current = catalog.get();
        body.set("currency", current.path("currency"));
        body.set("taxRates", current.path("taxRates"));
        body.set("categories", current.path("categories"));
        ArrayNode products = body.putArray("products");
        for (JsonNode p : current.path("products")) {
            ObjectNode product = p.deepCopy();
            for (JsonNode v : product.path("variants")) {
                // what a branch holds is the stock push's business, and reorder levels are the branches' own
                ((ObjectNode) v).remove(List.of("stock", "reorderLevel"));
            }
            products.add(product);
        }
        body.set("promotions", current.path("promotions"));
        String error = post("/retail/catalog", SyncCodec.encodeString(body), "catalog:" + version).error();
        if (error != null) {
            Logger.warn("web-shop catalog version {} not delivered: {}", version, error);
            return;
        }
        db.inTransaction(c -> Sql.update(c, "INSERT INTO hq_shop_catalog (tenant, version, pushed_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant) DO UPDATE SET version = excluded.version, pushed_at = excluded.pushed_at",
                config.tenant(), version, clock.instant().toString()));
    }

    /** Orders still not taken in {@code reroute-after} after they were routed go to another online branch. */
    void reroute() {
        Instant now = clock.instant();
        JsonNode catalog = downstreams.catalog(config.tenant()).orElse(null);
        List<ShopOrders.Order> waiting = db.inTransaction(c -> ShopOrders.waiting(c, config.tenant(),
                now.minus(config.rerouteAfter()).toEpochMilli()));
        for (ShopOrders.Order o : waiting) {
            List<SupplyCommand> made = db.inTransaction(c -> {
                ShopOrders.Order current = ShopOrders.find(c, config.tenant(), o.id()).orElseThrow();
                if (current.status() != ShopOrders.Status.ROUTED || !current.branch().equals(o.branch())) {
                    return List.<SupplyCommand>of();
                }
                Set<String> except = new HashSet<>(offline(c));
                except.addAll(ShopOrders.routedBefore(c, config.tenant(), o.id(), o.branch()));
                Optional<String> to = ShopStock.best(c, config.tenant(), o.lines(), catalog, except);
                return to.isEmpty() ? List.<SupplyCommand>of() : ShopOrders.reroute(c, now, config.tenant(), o, to.get());
            });
            if (!made.isEmpty()) {
                Logger.warn("web-shop order {} waited {} for branch {}; re-routed to {}", o.id(), config.rerouteAfter(),
                        o.branch(), made.getLast().branch());
                publisher.accept(made);
            }
        }
    }

    /** Branches with no box online (their last heartbeat said offline, or the broker's will did). */
    private Set<String> offline(Connection c) throws SQLException {
        Set<String> online = new HashSet<>();
        Set<String> all = new HashSet<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT branch, online FROM hq_heartbeats WHERE tenant = ?",
                config.tenant()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(rs.getString(1));
                if (rs.getInt(2) == 1) {
                    online.add(rs.getString(1));
                }
            }
        }
        all.removeAll(online);
        return all;
    }

    /** What a call to the shop came to: {@code error} null when it took it (2xx, or 409: it had it already). */
    private record Outcome(String error, boolean unreachable) {
    }

    /** POSTs a signed JSON body to the shop. */
    private Outcome post(String path, String body, String idempotencyKey) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = clock.instant().getEpochSecond();
        String base = config.url().toString().replaceAll("/+$", "");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .header(ShopSignature.TIMESTAMP, String.valueOf(ts))
                    .header(ShopSignature.SIGNATURE, ShopSignature.sign(config.apiKey(), ts, bytes))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 2 || r.statusCode() == 409) {
                return new Outcome(null, false);
            }
            String text = r.body() == null ? "" : r.body();
            return new Outcome("HTTP " + r.statusCode() + " " + text.substring(0, Math.min(200, text.length())), false);
        } catch (IOException e) {
            return new Outcome(e.getClass().getSimpleName() + ": " + e.getMessage(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("interrupted", true);
        }
    }

    /** The shop's orders as HQ holds them, newest first. */
    List<Map<String, Object>> orders(String status, int limit) {
        return db.inTransaction(c -> ShopOrders.list(c, config.tenant(), status, limit)).stream()
                .map(ShopOrders.Order::view).toList();
    }

    Optional<Map<String, Object>> order(String id) {
        return db.inTransaction(c -> ShopOrders.find(c, config.tenant(), id)).map(ShopOrders.Order::view);
    }

    /** Status reports not acknowledged by the shop yet. */
    long pendingReports() {
        return db.inTransaction(c -> Sql.number(c, "SELECT COUNT(*) FROM hq_shop_reports WHERE tenant = ?"
                + " AND acked_at IS NULL", config.tenant()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

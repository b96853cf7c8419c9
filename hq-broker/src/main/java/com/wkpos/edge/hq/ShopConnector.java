package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
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
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * HQ's connector to the web shop (ADR 014). Inbound, {@link #webhook} takes the shop's signed deliveries: a new
 * order is stored once and routed to a branch (the configured one, else the one with most of it in stock) as a
 * supply command; a delivered one is closed. Outbound, one scheduler thread reports every order status the
 * branches journaled to the shop until it acknowledges (2xx or 409) with backoff, pushes the per-SKU stock
 * levels that changed (every interval, and soon after new stock moves or orders), and re-routes an order its
 * branch has not taken in within {@code reroute-after}. HTTP calls never run inside a store transaction.
 */
final class ShopConnector implements AutoCloseable {
    static final int MAX_LINES = 200;
    static final long MAX_QTY = 1_000_000;
    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
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
        JsonNode doc;
        try {
            doc = SyncCodec.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new HqApiException(400, "invalid-json", "the body is not JSON: " + e.getMessage());
        }
        if (doc == null || !doc.isObject() || !doc.path("order").isObject()) {
            throw new HqApiException(400, "invalid-body", "the body must be {event, order: {id, …}}");
        }
        String event = doc.path("event").asText("");
        JsonNode order = doc.get("order");
        String id = order.path("id").asText("");
        if (!order.path("id").isTextual() || !ORDER_ID.matcher(id).matches()) {
            throw new HqApiException(400, "invalid-order-id", "order.id must be 1..64 of A-Z a-z 0-9 . _ : -, was "
                    + order.path("id"));
        }
        Instant now = clock.instant();
        List<SupplyCommand> made = new ArrayList<>();
        Map<String, Object> result = switch (event) {
            case "order.created" -> created(body, signature, now, id, lines(order), customer(order),
                    text(order, "note", 500), made);
            case "order.delivered" -> db.inTransaction(c -> {
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
            default -> throw new HqApiException(400, "invalid-event", "event must be order.created or order.delivered,"
                    + " was '" + event + "'");
        };
        publisher.accept(List.copyOf(made));
        return result;
    }

    private Map<String, Object> created(byte[] body, String signature, Instant now, String id, List<ShopOrders.Line> lines,
                                        JsonNode customer, String note, List<SupplyCommand> made) {
        JsonNode catalog = config.branch() == null ? downstreams.catalog(config.tenant()).orElse(null) : null;
        Map<String, Object> result = db.inTransaction(c -> {
            made.clear();
            delivery(c, signature, now);
            Optional<ShopOrders.Order> known = ShopOrders.find(c, config.tenant(), id);
            if (known.isPresent()) {
                return duplicate(known.get());
            }
            String branch = config.branch() != null ? config.branch()
                    : byStock(c, lines, catalog, Set.of()).orElseThrow(() -> new HqApiException(503, "no-branch",
                    "tenant " + config.tenant() + " has no branch to fulfil order " + id + " yet; deliver it again later"));
            made.add(ShopOrders.create(c, now, config.tenant(), id, branch, lines, customer, note));
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

    private static List<ShopOrders.Line> lines(JsonNode order) {
        JsonNode lines = order.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new HqApiException(400, "invalid-lines", "order.lines must be a list of 1.." + MAX_LINES + " {sku, qty}");
        }
        List<ShopOrders.Line> out = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (JsonNode l : lines) {
            String sku = l.path("sku").asText("");
            if (!l.path("sku").isTextual() || sku.isBlank() || sku.length() > SupplyRoutes.MAX_SKU) {
                throw new HqApiException(400, "invalid-sku", "each line needs a sku of 1.." + SupplyRoutes.MAX_SKU
                        + " characters, was " + l.path("sku"));
            }
            JsonNode qty = l.path("qty");
            if (!qty.isIntegralNumber() || !qty.canConvertToLong() || qty.asLong() < 1 || qty.asLong() > MAX_QTY) {
                throw new HqApiException(400, "invalid-qty", "line " + sku + ": qty must be a whole number 1.." + MAX_QTY
                        + ", was " + qty);
            }
            if (!skus.add(sku)) {
                throw new HqApiException(400, "duplicate-sku", "sku " + sku + " is on two lines");
            }
            out.add(new ShopOrders.Line(sku, qty.asLong()));
        }
        return out;
    }

    private static JsonNode customer(JsonNode order) {
        JsonNode c = order.get("customer");
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isObject()) {
            throw new HqApiException(400, "invalid-customer", "order.customer must be {name, email, phone}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : List.of("name", "email", "phone")) {
            String v = text(c, f, 200);
            if (v != null) {
                out.put(f, v);
            }
        }
        return SyncCodec.MAPPER.valueToTree(out);
    }

    private static String text(JsonNode node, String field, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > max) {
            throw new HqApiException(400, "invalid-" + field, field + " must be text of at most " + max + " characters");
        }
        return v.asText();
    }

    /**
     * The branch that has most of the order: most lines it can ship whole, then most units; ties by name.
     * Candidates are the tenant's branches HQ knows, less {@code except}.
     */
    private Optional<String> byStock(Connection c, List<ShopOrders.Line> lines, JsonNode catalog, Set<String> except)
            throws SQLException {
        Map<String, Map<String, Long>> levels = branchLevels(c, catalog);
        String best = null;
        long[] bestScore = null;
        for (Map.Entry<String, Map<String, Long>> b : levels.entrySet()) {
            if (except.contains(b.getKey())) {
                continue;
            }
            long whole = 0;
            long units = 0;
            for (ShopOrders.Line l : lines) {
                long have = Math.max(0, b.getValue().getOrDefault(l.sku(), 0L));
                whole += have >= l.qty() ? 1 : 0;
                units += Math.min(have, l.qty());
            }
            if (bestScore == null || whole > bestScore[0] || (whole == bestScore[0] && units > bestScore[1])) {
                best = b.getKey();
                bestScore = new long[] {whole, units};
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Per branch and SKU: what HQ believes is on hand — the catalog's opening stock (what a box starts a SKU at)
     * plus the sum of the branch's movement deltas. Branches are those with a box HQ has seen.
     */
    private Map<String, Map<String, Long>> branchLevels(Connection c, JsonNode catalog) throws SQLException {
        Map<String, Long> opening = new TreeMap<>();
        if (catalog != null) {
            for (JsonNode product : catalog.path("products")) {
                for (JsonNode v : product.path("variants")) {
                    if (v.path("sku").isTextual()) {
                        opening.put(v.get("sku").asText(), v.path("stock").asLong(0));
                    }
                }
            }
        }
        Map<String, Map<String, Long>> out = new TreeMap<>();
        try (PreparedStatement ps = Sql.prepare(c, "SELECT DISTINCT branch FROM hq_devices WHERE tenant = ?", config.tenant());
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new TreeMap<>(opening));
            }
        }
        try (PreparedStatement ps = Sql.prepare(c, "SELECT branch, sku, SUM(delta) FROM hq_stock_moves WHERE tenant = ?"
                + " GROUP BY branch, sku", config.tenant()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), b -> new TreeMap<>(opening)).merge(rs.getString(2), rs.getLong(3),
                        Long::sum);
            }
        }
        return out;
    }

    /** Per SKU over every branch: the level the shop is told. */
    Map<String, Long> levels() {
        JsonNode catalog = downstreams.catalog(config.tenant()).orElse(null);
        Map<String, Long> total = new TreeMap<>();
        db.inTransaction(c -> branchLevels(c, catalog)).values().forEach(b -> b.forEach((sku, q) -> total.merge(sku, q,
                Long::sum)));
        return total;
    }

    private void tick() {
        try {
            sendReports();
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

    /** The status reports due, each POSTed until the shop acknowledges it. */
    void sendReports() {
        record Due(String eventId, String orderId, String body, int attempts) {
        }
        long now = clock.millis();
        List<Due> due = db.inTransaction(c -> {
            List<Due> out = new ArrayList<>();
            try (PreparedStatement ps = Sql.prepare(c, "SELECT event_id, order_id, body, attempts FROM hq_shop_reports"
                    + " WHERE tenant = ? AND acked_at IS NULL AND next_ms <= ? ORDER BY created_at, event_id LIMIT 50",
                    config.tenant(), now); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        });
        for (Due d : due) {
            String error = post("/retail/orders/" + URLEncoder.encode(d.orderId(), StandardCharsets.UTF_8) + "/status",
                    d.body(), d.eventId());
            int attempts = d.attempts() + 1;
            long backoff = Math.min(MAX_BACKOFF.toMillis(), config.retry().toMillis() << Math.min(attempts - 1, 16));
            db.inTransaction(c -> error == null
                    ? Sql.update(c, "UPDATE hq_shop_reports SET acked_at = ?, attempts = ?, last_error = NULL"
                    + " WHERE tenant = ? AND event_id = ?", clock.instant().toString(), attempts, config.tenant(), d.eventId())
                    : Sql.update(c, "UPDATE hq_shop_reports SET attempts = ?, next_ms = ?, last_error = ?"
                    + " WHERE tenant = ? AND event_id = ?", attempts, clock.millis() + backoff, error, config.tenant(),
                    d.eventId()));
            if (error != null) {
                Logger.warn("web-shop status {} not delivered (attempt {}): {}", d.eventId(), attempts, error);
                return; // the shop is not taking them now; keep the order of the rest
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
        String error = post("/retail/stock", SyncCodec.encodeString(body), "stock:" + at);
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

    /** Orders still not taken in {@code reroute-after} after they were routed go to another online branch. */
    void reroute() {
        Instant now = clock.instant();
        JsonNode catalog = downstreams.catalog(config.tenant()).orElse(null);
        List<ShopOrders.Order> waiting = db.inTransaction(c -> ShopOrders.waiting(c, config.tenant(),
                now.minus(config.rerouteAfter()).toEpochMilli()));
        for (ShopOrders.Order o : waiting) {
            List<SupplyCommand> made = db.inTransaction(c -> {
                ShopOrders.Order now2 = ShopOrders.find(c, config.tenant(), o.id()).orElseThrow();
                if (now2.status() != ShopOrders.Status.ROUTED || !now2.branch().equals(o.branch())) {
                    return List.<SupplyCommand>of();
                }
                Set<String> except = new HashSet<>(offline(c));
                except.add(o.branch());
                Optional<String> to = byStock(c, o.lines(), catalog, except);
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

    /** POSTs a signed JSON body to the shop; null when it took it (2xx, or 409: it had it already), else why not. */
    private String post(String path, String body, String idempotencyKey) {
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
                return null;
            }
            String text = r.body() == null ? "" : r.body();
            return "HTTP " + r.statusCode() + " " + text.substring(0, Math.min(200, text.length()));
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
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

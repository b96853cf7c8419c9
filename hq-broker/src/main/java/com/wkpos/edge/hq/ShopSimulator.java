package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A web shop small enough to run anywhere (ADR 014), for the demo and the tests: it places orders at HQ's
 * webhook, signed as a real shop would, and takes HQ's status reports ({@code POST /retail/orders/{id}/status}),
 * catalog pushes ({@code POST /retail/catalog}) and stock pushes ({@code POST /retail/stock}), refusing (401) what is not signed with the shared key. A status
 * report is kept once per {@code eventId}, whatever HQ retries. {@code GET /retail/state} shows what it knows;
 * {@code POST /sim/orders} ({@code {id?, lines, customer?}}) places an order from a shell. Thread-safe.
 */
public final class ShopSimulator implements AutoCloseable {
    /** A status report as the shop took it. */
    public record Report(String eventId, String orderId, String status, String branch, String reason) {
    }

    /** HQ's answer to a delivery. */
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final String apiKey;
    private final URI hq;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Report> reports = new ConcurrentHashMap<>();
    private final List<String> reportOrder = new CopyOnWriteArrayList<>();
    private final Map<String, Long> stock = new ConcurrentHashMap<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Map<String, Long> prices = new ConcurrentHashMap<>();
    private volatile long catalogVersion;
    private volatile int failNext;
    private final Set<String> refusing = ConcurrentHashMap.newKeySet();

    private ShopSimulator(HttpServer server, String apiKey, URI hq, Clock clock) {
        this.server = server;
        this.apiKey = apiKey;
        this.hq = hq;
        this.clock = clock;
    }

    /** Listens on {@code host:port} (0: any free port); orders go to HQ's admin API at {@code hq}. */
    public static ShopSimulator start(String host, int port, String apiKey, URI hq, Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        ShopSimulator shop = new ShopSimulator(server, apiKey, hq, clock);
        server.createContext("/retail/", shop::retail);
        server.createContext("/sim/orders", shop::simOrder);
        server.start();
        return shop;
    }

    public URI url() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Places an order: {@code lines} SKU → quantity. */
    public Answer order(String id, Map<String, Long> lines, Map<String, String> customer) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("id", id);
        order.put("lines", lines.entrySet().stream().map(e -> Map.of("sku", e.getKey(), "qty", e.getValue())).toList());
        order.put("customer", customer);
        return event("order.created", order);
    }

    /** Tells HQ a shipped order arrived at the customer. */
    public Answer delivered(String id) {
        return event("order.delivered", Map.of("id", id));
    }

    private Answer event(String event, Map<String, Object> order) {
        // every delivery names itself, as shops' webhooks do, so a deliberate resend is not mistaken for a replay
        byte[] body = SyncCodec.encodeString(Map.of("deliveryId", java.util.UUID.randomUUID().toString(), "event", event,
                "order", order)).getBytes(StandardCharsets.UTF_8);
        long ts = clock.instant().getEpochSecond();
        return deliver(body, String.valueOf(ts), ShopSignature.sign(apiKey, ts, body));
    }

    /** Sends a webhook delivery exactly as given (a replay, a bad signature, a stale timestamp). */
    public Answer deliver(byte[] body, String timestamp, String signature) {
        HttpRequest.Builder r = HttpRequest.newBuilder(hq.resolve(ShopRoutes.WEBHOOK)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (timestamp != null) {
            r.header(ShopSignature.TIMESTAMP, timestamp);
        }
        if (signature != null) {
            r.header(ShopSignature.SIGNATURE, signature);
        }
        try {
            HttpResponse<String> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(answer.statusCode(), answer.body());
        } catch (IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    /** The order's statuses as HQ reported them, in the order they first arrived. */
    public List<String> statuses(String orderId) {
        List<String> out = new ArrayList<>();
        for (String eventId : reportOrder) {
            Report r = reports.get(eventId);
            if (r.orderId().equals(orderId)) {
                out.add(r.status());
            }
        }
        return out;
    }

    public List<Report> reports() {
        return reportOrder.stream().map(reports::get).toList();
    }

    /** The stock levels HQ pushed, by SKU. */
    public Map<String, Long> stock() {
        return new TreeMap<>(stock);
    }

    /** The catalog version HQ last pushed (0: none yet). */
    public long catalogVersion() {
        return catalogVersion;
    }

    /** A SKU's price in the catalog HQ pushed, minor units; null if it never came. */
    public Long price(String sku) {
        return prices.get(sku);
    }

    /** Deliveries from HQ the shop refused (bad signature), as {@code path: why}. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    /** Status reports for the order are refused (422) until {@link #acceptReportsFor}, as a shop with a bug would. */
    public void refuseReportsFor(String orderId) {
        refusing.add(orderId);
    }

    public void acceptReportsFor(String orderId) {
        refusing.remove(orderId);
    }

    /** The next {@code n} calls from HQ fail with 503, as a shop that is down would. */
    public void failNext(int n) {
        failNext = n;
    }

    private void retail(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (x.getRequestMethod().equals("GET") && path.equals("/retail/state")) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("reports", reports());
                state.put("stock", stock());
                state.put("catalogVersion", catalogVersion);
                answer(x, 200, SyncCodec.encodeString(state));
                return;
            }
            byte[] body = x.getRequestBody().readAllBytes();
            if (!x.getRequestMethod().equals("POST")) {
                answer(x, 405, "{\"error\":\"POST only\"}");
                return;
            }
            ShopSignature.Refusal why = ShopSignature.check(apiKey, x.getRequestHeaders().getFirst(ShopSignature.TIMESTAMP),
                    x.getRequestHeaders().getFirst(ShopSignature.SIGNATURE), body, clock.instant(), ShopConfig.WINDOW);
            if (why != null) {
                refused.add(path + ": " + why);
                answer(x, 401, "{\"error\":\"signature " + why + "\"}");
                return;
            }
            synchronized (this) {
                if (failNext > 0) {
                    failNext--;
                    answer(x, 503, "{\"error\":\"shop down\"}");
                    return;
                }
            }
            JsonNode doc = SyncCodec.MAPPER.readTree(body);
            if (path.equals("/retail/catalog")) {
                for (JsonNode p : doc.path("products")) {
                    for (JsonNode v : p.path("variants")) {
                        prices.put(v.path("sku").asText(), v.path("price").asLong());
                    }
                }
                catalogVersion = doc.path("version").asLong();
                answer(x, 200, "{\"ok\":true}");
            } else if (path.equals("/retail/stock")) {
                for (JsonNode l : doc.path("levels")) {
                    stock.put(l.path("sku").asText(), l.path("qty").asLong());
                }
                answer(x, 200, "{\"ok\":true}");
            } else if (path.startsWith("/retail/orders/") && path.endsWith("/status")) {
                if (refusing.contains(doc.path("orderId").asText())) {
                    answer(x, 422, "{\"error\":\"cannot take this order's status now\"}");
                    return;
                }
                String eventId = doc.path("eventId").asText();
                Report r = new Report(eventId, doc.path("orderId").asText(), doc.path("status").asText(),
                        doc.path("branch").asText(null), doc.path("reason").asText(null));
                if (reports.putIfAbsent(eventId, r) == null) {
                    reportOrder.add(eventId);
                }
                answer(x, 200, "{\"ok\":true}");
            } else {
                answer(x, 404, "{\"error\":\"no such resource\"}");
            }
        }
    }

    private void simOrder(HttpExchange x) throws IOException {
        try (x) {
            JsonNode doc = SyncCodec.MAPPER.readTree(x.getRequestBody().readAllBytes());
            String id = doc.path("id").asText("web-" + clock.millis());
            Map<String, Long> lines = new LinkedHashMap<>();
            doc.path("lines").forEach(l -> lines.put(l.path("sku").asText(), l.path("qty").asLong()));
            Map<String, String> customer = new LinkedHashMap<>();
            doc.path("customer").fields().forEachRemaining(f -> customer.put(f.getKey(), f.getValue().asText()));
            Answer a = order(id, lines, customer.isEmpty() ? null : customer);
            answer(x, a.status() == 0 ? 502 : a.status(), a.body());
        }
    }

    private static void answer(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * {@code hq shop-sim --listen HOST:PORT --api-key KEY --hq URL [--order SKU=QTY …]}: runs the simulator until
     * stopped; with {@code --order} it places one order (id {@code web-<millis>}) once HQ answers.
     */
    static int run(List<String> args, PrintStream out) throws IOException, InterruptedException {
        String listen = "127.0.0.1:8095";
        String key = null;
        URI hqUrl = URI.create("http://127.0.0.1:8090");
        Map<String, Long> order = new LinkedHashMap<>();
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String a = it.next();
            String v = it.hasNext() ? it.next() : null;
            if (v == null) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--listen" -> listen = v;
                case "--api-key" -> key = v;
                case "--hq" -> hqUrl = URI.create(v);
                case "--order" -> {
                    String[] kv = v.split("=", 2);
                    if (kv.length != 2 || !kv[1].matches("\\d{1,6}")) {
                        throw new IllegalArgumentException("--order must be SKU=QTY, was " + v);
                    }
                    order.put(kv[0], Long.parseLong(kv[1]));
                }
                default -> throw new IllegalArgumentException("unknown shop-sim option " + a);
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("--api-key KEY is required (shop.api-key of HQ's --shop-config)");
        }
        String[] hp = HqConfig.hostPort("--listen", listen);
        ShopSimulator shop = start(hp[0], Integer.parseInt(hp[1]), key, hqUrl, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shop.close();
            stopped.countDown();
        }, "shutdown"));
        out.println("web-shop simulator on " + shop.url() + " (state: " + shop.url() + "/retail/state), ordering at " + hqUrl);
        if (!order.isEmpty()) {
            String id = "web-" + System.currentTimeMillis();
            Answer a = new Answer(0, "");
            for (int tries = 0; tries < 60 && (a.status() == 0 || a.status() == 503); tries++) {
                a = shop.order(id, order, Map.of("name", "Erika Mustermann", "email", "erika@example.org"));
                if (a.status() == 0 || a.status() == 503) {
                    Thread.sleep(1_000);
                }
            }
            out.println("web-shop order " + id + " placed: HTTP " + a.status() + " " + a.body());
        }
        stopped.await();
        return 0;
    }
}

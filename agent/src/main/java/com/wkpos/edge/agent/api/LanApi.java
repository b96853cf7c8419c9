package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.catalog.Catalog;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.print.PrintQueue;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.PricedSale;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.Sales;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * The LAN API for POS screens (HTTP/JSON under {@code /api/v1}, **contract** paths), the technician
 * status page at {@code /}, {@code /metrics} and the {@code /api/v1/events} WebSocket.
 */
public final class LanApi implements AutoCloseable {
    private static final int MAX_SEARCH_RESULTS = 200;

    private final AgentInfo info;
    private final Journal journal;
    private final Catalogs catalogs;
    private final Sales sales;
    private final Clock clock;
    private final DeviceManager devices;
    private final PrintQueue printQueue;
    private final Set<WsContext> screens = ConcurrentHashMap.newKeySet();
    private final AutoCloseable subscription;
    private final String openApi;
    private final List<ApiModule> modules;
    private Javalin app;

    public LanApi(AgentInfo info, Journal journal, Catalogs catalogs, Sales sales, Events events, Clock clock,
                  DeviceManager devices, PrintQueue printQueue, List<ApiModule> modules) {
        this.info = info;
        this.devices = devices;
        this.printQueue = printQueue;
        this.journal = journal;
        this.catalogs = catalogs;
        this.sales = sales;
        this.clock = clock;
        this.modules = List.copyOf(modules);
        this.openApi = OpenApiDocument.merge("/api/openapi.json", this.modules.stream()
                .map(ApiModule::openApiFragment).filter(java.util.Objects::nonNull).toList());
        this.subscription = events.subscribe(this::broadcast);
    }

    /** Starts listening over plain HTTP; {@code port} 0 picks a free one (see {@link #port()}). */
    public LanApi start(String host, int port) {
        return start(host, port, null);
    }

    /** Starts listening, over HTTPS with {@code tls} unless it is null; {@code port} 0 picks a free one. */
    public LanApi start(String host, int port, SSLContext tls) {
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = RequestBodies.MAX_BYTES;
            config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
            config.jetty.addConnector((server, http) -> connector(server, http, host, port, tls));
        });
        app.exception(Exception.class, Problems::handle);
        app.error(404, ctx -> {
            if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                Problems.write(ctx, 404, "not-found", "no such resource: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> Problems.write(ctx, 405, "method-not-allowed", ctx.method() + " is not allowed on " + ctx.path()));
        String scheme = tls == null ? "http" : "https";
        LocalTimes local = new LocalTimes(info.zone());
        app.get("/", ctx -> ctx.html(StatusPage.render(info, journal, catalogs.current(), clock, devices.states(),
                devices.usb(), printQueue.pending(), modules.stream().map(m -> m.statusHtml(local)).collect(
                java.util.stream.Collectors.joining("\n")), ScreenAddresses.of(scheme, host, app.port()))));
        app.get("/metrics", this::metrics);
        app.get("/api/v1/health", ctx -> json(ctx, 200, health()));
        app.get("/api/v1/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        app.get("/api/v1/products", this::searchProducts);
        app.get("/api/v1/products/by-barcode/{code}", this::productByBarcode);
        app.post("/api/v1/sales/quote", this::quote);
        app.post("/api/v1/sales", this::createSale);
        app.get("/api/v1/sales/{id}", this::getSale);
        app.post("/api/v1/sales/{id}/receipt", this::reprint);
        app.get("/api/v1/sales/{id}/receipts", this::receipts);
        modules.forEach(module -> module.register(app));
        app.ws("/api/v1/events", ws -> {
            ws.onConnect(ctx -> {
                ctx.session.setIdleTimeout(Duration.ofHours(12));
                screens.add(ctx);
                // sent after registering: a screen that has this message hears every later event
                ctx.send(Json.write(new Events.Event("connected", clock.instant().toString(),
                        Map.of("deviceId", journal.deviceId(), "devices", devices.states()))));
            });
            ws.onClose(screens::remove);
            ws.onError(screens::remove);
        });
        app.start();
        Logger.info("LAN API listening on {}://{}:{}/", tls == null ? "http" : "https", host, app.port());
        return this;
    }

    /** One listener; with TLS the Host header need not match the certificate's names (screens pin its fingerprint). */
    private static ServerConnector connector(Server server, HttpConfiguration http, String host, int port, SSLContext tls) {
        ServerConnector connector;
        if (tls == null) {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        } else {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setSslContext(tls);
            HttpConfiguration https = new HttpConfiguration(http);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            https.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(https));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            Logger.debug("unsubscribing from events: {}", e.getMessage());
        }
        if (app != null) {
            app.stop();
        }
    }

    private void createSale(Context ctx) {
        SaleRequest request = RequestBodies.read(ctx, SaleRequest.class);
        com.wkpos.edge.agent.staff.StaffMember member = Actors.requireStaff(ctx);
        Sales.Completed done = sales.complete(request, ctx.header("Idempotency-Key"),
                new Cashier(member.actor(), member.id(), member.name()), Actors.origin(ctx));
        ctx.header("Location", "/api/v1/sales/" + done.sale().id());
        if (done.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        json(ctx, 201, done.sale());
    }

    private void quote(Context ctx) {
        QuoteRequest request = RequestBodies.read(ctx, QuoteRequest.class);
        PricedSale priced = sales.quote(request.lines(), request.coupon());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lines", priced.lines());
        body.put("subtotal", priced.subtotal());
        body.put("discount", priced.discount());
        body.put("tax", priced.tax());
        body.put("rounding", priced.rounding());
        body.put("total", priced.total());
        body.put("currency", priced.currency());
        body.put("coupon", priced.coupon());
        body.put("catalogVersion", priced.catalogVersion());
        json(ctx, 200, body);
    }

    private void getSale(Context ctx) {
        String id = ctx.pathParam("id");
        json(ctx, 200, sales.find(id).orElseThrow(() -> new ApiException(404, "not-found", "no sale with id " + id)));
    }

    private void reprint(Context ctx) {
        String id = ctx.pathParam("id");
        if (sales.find(id).isEmpty()) {
            throw new ApiException(404, "not-found", "no sale with id " + id);
        }
        String jobId = printQueue.reprint(id, Actors.actor(ctx));
        json(ctx, 202, Map.of("jobId", jobId, "saleId", id, "kind", "COPY"));
    }

    private void receipts(Context ctx) {
        String id = ctx.pathParam("id");
        if (sales.find(id).isEmpty()) {
            throw new ApiException(404, "not-found", "no sale with id " + id);
        }
        json(ctx, 200, Map.of("saleId", id, "jobs", printQueue.forSale(id)));
    }

    private void searchProducts(Context ctx) {
        int limit = intParam(ctx, "limit", 50, 1, MAX_SEARCH_RESULTS);
        Catalog catalog = catalogs.current();
        List<ProductView> items = catalog.search(ctx.queryParam("q"), limit).stream()
                .map(i -> ProductView.of(i, catalog.currency())).toList();
        json(ctx, 200, Map.of("items", items, "count", items.size(), "catalogVersion", catalog.version()));
    }

    private void productByBarcode(Context ctx) {
        String code = ctx.pathParam("code");
        Catalog catalog = catalogs.current();
        json(ctx, 200, catalog.byBarcode(code).map(i -> ProductView.of(i, catalog.currency()))
                .orElseThrow(() -> new ApiException(404, "unknown-product", "no product with barcode " + code)));
    }


    Map<String, Object> health() {
        Head head = journal.head();
        boolean writerOk = journal.writerHealthy(Duration.ofSeconds(10));
        Map<String, Object> journalState = new LinkedHashMap<>();
        journalState.put("seq", head.seq());
        journalState.put("head", head.hash());
        journalState.put("backlog", journal.backlog());
        journalState.put("writer", writerOk ? "OK" : "STUCK");
        Catalog catalog = catalogs.current();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", writerOk ? "UP" : "DOWN");
        body.put("deviceId", journal.deviceId());
        body.put("version", info.version());
        body.put("branch", info.branchName());
        body.put("zone", info.zone().getId());
        body.put("uptimeSeconds", Duration.between(info.startedAt(), clock.instant()).toSeconds());
        body.put("journal", journalState);
        body.put("catalog", Map.of("version", catalog.version(), "items", catalog.size()));
        body.put("devices", devices.states());
        body.put("print", Map.of("pending", printQueue.pending()));
        body.put("usb", devices.usb());
        modules.forEach(module -> module.health(body));
        return body;
    }

    private void metrics(Context ctx) {
        Head head = journal.head();
        StringBuilder text = new StringBuilder("# HELP wk_edge_journal_seq Last committed journal sequence number.\n"
                + "# TYPE wk_edge_journal_seq gauge\n"
                + "wk_edge_journal_seq " + head.seq() + "\n"
                + "# HELP wk_edge_journal_backlog Commands waiting for the journal writer.\n"
                + "# TYPE wk_edge_journal_backlog gauge\n"
                + "wk_edge_journal_backlog " + journal.backlog() + "\n"
                + "# HELP wk_edge_journal_commits_total Write transactions committed (one fsync each) since start.\n"
                + "# TYPE wk_edge_journal_commits_total counter\n"
                + "wk_edge_journal_commits_total " + journal.commits() + "\n"
                + "# HELP wk_edge_journal_writer_healthy 1 while the journal writer makes progress.\n"
                + "# TYPE wk_edge_journal_writer_healthy gauge\n"
                + "wk_edge_journal_writer_healthy " + (journal.writerHealthy(Duration.ofSeconds(10)) ? 1 : 0) + "\n"
                + "# HELP wk_edge_catalog_items Sellable items in the catalog in force.\n"
                + "# TYPE wk_edge_catalog_items gauge\n"
                + "wk_edge_catalog_items " + catalogs.current().size() + "\n"
                + "# HELP wk_edge_uptime_seconds Seconds since the agent started.\n"
                + "# TYPE wk_edge_uptime_seconds gauge\n"
                + "wk_edge_uptime_seconds " + Duration.between(info.startedAt(), clock.instant()).toSeconds() + "\n");
        modules.forEach(module -> text.append(module.metrics()));
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(text.toString());
    }

    private void broadcast(Events.Event event) {
        String message = Json.write(event);
        for (WsContext screen : screens) {
            if (screen.session.isOpen()) {
                screen.session.getRemote().sendString(message, null);
            }
        }
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ApiException(400, "invalid-parameter", name + " must be an integer " + min + ".." + max + ", was '" + raw + "'");
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

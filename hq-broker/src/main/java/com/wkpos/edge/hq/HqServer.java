package com.wkpos.edge.hq;

import com.wkpos.edge.hq.console.ConsoleRoutes;
import com.wkpos.edge.protocol.SyncCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinylog.Logger;

/**
 * HQ's admin HTTP API: the routes of every {@link HqRoutes} given to it, each behind the admin token
 * except {@link #OPEN} (ADR 009), errors as RFC 9457 problem+json, an 8 MiB body limit... and nothing
 * else, so other modules mount their own routes and are protected without doing anything.
 */
public final class HqServer implements AutoCloseable {
    public static final String PROBLEM = "application/problem+json";
    /**
     * What a box or a probe reaches without the operator's secret: health and metrics (no tenant data),
     * the box's enrollment (its one-time token and CSR authenticate it), and public material (the CRL,
     * HQ's public keys), and the web shop's webhook (its HMAC signature authenticates it, ADR 014). Exact method
     * and path; everything else, known or not, needs the token.
     */
    static final Set<String> OPEN = Set.of("GET /api/v1/health", "GET /metrics", "POST /enroll",
            "GET /admin/enroll/crl", "GET /admin/license/keys", "GET /api/v1/keys/signing",
            "POST " + ShopRoutes.WEBHOOK);
    static final long MAX_BODY = 8L * 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private final Javalin app;
    private final List<String> endpoints;

    private HqServer(Javalin app, List<String> endpoints) {
        this.app = app;
        this.endpoints = endpoints;
    }

    public static HqServer start(String host, int port, List<HqRoutes> routes, AdminToken token) {
        List<String> endpoints = new ArrayList<>();
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY;
            config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
            config.events(e -> e.handlerAdded(h -> {
                if (METHODS.contains(h.getHttpMethod().name())) {
                    endpoints.add(h.getHttpMethod().name() + " " + h.getPath());
                }
            }));
        });
        app.before(ctx -> {
            if (!open(ctx.method().name(), ctx.path()) && !token.admits(ctx.header("Authorization"))) {
                Logger.warn("admin API refused {} {} from {}: no valid admin token", ctx.method(), ctx.path(), ctx.ip());
                ctx.header("WWW-Authenticate", "Bearer realm=\"wk-edge-hq\"");
                throw new Unauthorized();
            }
        });
        app.exception(Unauthorized.class, (e, ctx) -> problem(ctx, 401, "unauthorized", "HQ's admin API needs"
                + " 'Authorization: Bearer <token>' with the token HQ keeps in its state directory (" + AdminToken.FILE + ")"));
        app.exception(HqApiException.class, (e, ctx) -> problem(ctx, e.status(), e.type(), e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> problem(ctx, 400, "invalid-request", e.getMessage()));
        app.exception(HqDatabase.StoreException.class, (e, ctx) -> problem(ctx, 503, "store-unavailable", e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            Logger.error(e, "admin API {} {} failed", ctx.method(), ctx.path());
            problem(ctx, 500, "internal-error", "unexpected error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (!PROBLEM.equals(ctx.res().getContentType())) {
                problem(ctx, 404, "not-found", "no such resource: " + ctx.method() + " " + ctx.path());
            }
        });
        routes.forEach(r -> r.register(app));
        app.start(host, port);
        Logger.info("HQ admin API on http://{}:{}/", host, app.port());
        if (!AdminToken.loopback(host)) {
            Logger.warn("HQ's admin API listens on {} over plain HTTP: the admin token and every price travel in clear."
                    + " Listen on 127.0.0.1 and put a TLS reverse proxy in front (ADR 009).", host);
        }
        return new HqServer(app, List.copyOf(endpoints));
    }

    /** Whether a request needs no admin token: {@link #OPEN}, and the console's page, script and style. */
    static boolean open(String method, String path) {
        return OPEN.contains(method + " " + path) || ConsoleRoutes.open(method, path);
    }

    public int port() {
        return app.port();
    }

    /** Every registered route as {@code "METHOD /path/{param}"}, in registration order. */
    List<String> endpoints() {
        return endpoints;
    }

    /** The one way HQ's admin API answers an error: RFC 9457, {@code urn:wk-edge:problem:<slug>} as on the box. */
    public static void problem(Context ctx, int status, String slug, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:wk-edge:problem:" + slug);
        body.put("title", slug.replace('-', ' '));
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        ctx.status(status).contentType(PROBLEM).result(SyncCodec.encodeString(body));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(SyncCodec.encodeString(body));
    }

    /** A request without a valid admin token; answered 401 before any route runs. */
    private static final class Unauthorized extends RuntimeException {
        Unauthorized() {
            super("unauthorized", null, false, false);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}

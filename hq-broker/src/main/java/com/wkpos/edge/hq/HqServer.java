package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.SyncCodec;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * HQ's admin HTTP API: the routes of every {@link HqRoutes} given to it, errors as RFC 9457
 * problem+json, a 1 MiB body limit... and nothing else, so other modules mount their own routes.
 */
public final class HqServer implements AutoCloseable {
    public static final String PROBLEM = "application/problem+json";
    static final long MAX_BODY = 8L * 1024 * 1024;
    private final Javalin app;

    private HqServer(Javalin app) {
        this.app = app;
    }

    public static HqServer start(String host, int port, List<HqRoutes> routes) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY;
            config.jetty.modifyServer(server -> server.setStopTimeout(2_000));
        });
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
        return new HqServer(app);
    }

    public int port() {
        return app.port();
    }

    static void problem(Context ctx, int status, String type, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://wkpos.com/problems/" + type);
        body.put("title", type.replace('-', ' '));
        body.put("status", status);
        body.put("detail", detail);
        ctx.status(status).contentType(PROBLEM).result(SyncCodec.encodeString(body));
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(SyncCodec.encodeString(body));
    }

    @Override
    public void close() {
        app.stop();
    }
}

package com.wkpos.edge.hq;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The web-shop connector's routes (ADR 014): {@code POST /retail/webhook}, which the shop calls without the admin
 * token (its HMAC signature authenticates it; see {@link ShopSignature}), and for the operator
 * {@code GET /api/v1/shop/orders[?status=&limit=]}, {@code GET /api/v1/shop/orders/{id}} and
 * {@code GET /api/v1/shop/status}. Without a connector the webhook answers 404 shop-not-configured.
 */
final class ShopRoutes implements HqRoutes {
    static final String WEBHOOK = "/retail/webhook";
    private final ShopConnector shop;

    /** @param shop null when HQ runs without {@code --shop-config} */
    ShopRoutes(ShopConnector shop) {
        this.shop = shop;
    }

    @Override
    public void register(Javalin app) {
        app.post(WEBHOOK, ctx -> {
            Map<String, Object> order = connector().webhook(ctx.bodyAsBytes(), ctx.header(ShopSignature.TIMESTAMP),
                    ctx.header(ShopSignature.SIGNATURE));
            HqServer.json(ctx, Boolean.TRUE.equals(order.get("duplicate")) ? 200 : 202, order);
        });
        app.get("/api/v1/shop/orders", ctx -> HqServer.json(ctx, 200, Map.of("orders", connector().orders(status(ctx),
                limit(ctx)))));
        app.get("/api/v1/shop/orders/{id}", ctx -> HqServer.json(ctx, 200, connector().order(ctx.pathParam("id"))
                .orElseThrow(() -> new HqApiException(404, "unknown-order", "no web-shop order " + ctx.pathParam("id")))));
        app.get("/api/v1/shop/status", ctx -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("tenant", connector().tenant());
            s.put("pendingReports", connector().pendingReports());
            s.put("levels", connector().levels());
            HqServer.json(ctx, 200, s);
        });
    }

    private ShopConnector connector() {
        if (shop == null) {
            throw new HqApiException(404, "shop-not-configured", "HQ runs without a web-shop connector (--shop-config)");
        }
        return shop;
    }

    private static String status(Context ctx) {
        String s = ctx.queryParam("status");
        if (s == null) {
            return null;
        }
        try {
            return ShopOrders.Status.valueOf(s).name();
        } catch (IllegalArgumentException e) {
            throw new HqApiException(400, "invalid-status", "status must be one of "
                    + Arrays.toString(ShopOrders.Status.values()) + ", was '" + s + "'");
        }
    }

    private static int limit(Context ctx) {
        String l = ctx.queryParam("limit");
        if (l == null) {
            return 100;
        }
        if (!l.matches("\\d{1,4}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > 1000) {
            throw new HqApiException(400, "invalid-limit", "limit must be 1..1000, was '" + l + "'");
        }
        return Integer.parseInt(l);
    }
}

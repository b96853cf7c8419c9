package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.supply.OnlineOrders;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Web-shop orders HQ routed to this branch (ADR 014): screens list them (an {@code order.received} event
 * announces a new one), and staff fulfil one (its stock leaves, SHIPPED) or reject it with a reason (its
 * reservations released). Both steps need a staff login and are safe to repeat.
 */
public final class OrdersApi implements ApiModule {
    private final OnlineOrders orders;

    public OrdersApi(OnlineOrders orders) {
        this.orders = orders;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/orders", ctx -> json(ctx, 200, Map.of("orders", orders.list(ctx.queryParam("status"),
                LanApi.intParam(ctx, "limit", 100, 1, 1000)))));
        app.get("/api/v1/orders/{id}", ctx -> json(ctx, 200, orders.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "unknown-order", "no online order " + ctx.pathParam("id")))));
        app.post("/api/v1/orders/{id}/fulfill", ctx -> json(ctx, 200, orders.fulfill(ctx.pathParam("id"),
                Actors.requireStaff(ctx))));
        app.post("/api/v1/orders/{id}/reject", ctx -> json(ctx, 200, orders.reject(ctx.pathParam("id"),
                RequestBodies.readOptional(ctx, OnlineOrders.RejectRequest.class, new OnlineOrders.RejectRequest(null)),
                Actors.requireStaff(ctx))));
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-orders.json";
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

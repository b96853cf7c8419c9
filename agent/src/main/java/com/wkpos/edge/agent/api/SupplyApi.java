package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.supply.PurchaseOrders;
import com.wkpos.edge.agent.supply.Transfers;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Transfers between branches and purchase orders from HQ, at the branch (ADR 013): the receiving
 * branch's manager requests and receives, the sending branch's manager approves or rejects, ships and
 * closes; anyone logged in takes goods in against a purchase order. Every step needs a staff login.
 */
public final class SupplyApi implements ApiModule {
    private final Transfers transfers;
    private final PurchaseOrders orders;

    public SupplyApi(Transfers transfers, PurchaseOrders orders) {
        this.transfers = transfers;
        this.orders = orders;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/transfers", ctx -> json(ctx, 200, Map.of("transfers", transfers.list(
                ctx.queryParam("status"), LanApi.intParam(ctx, "limit", 100, 1, 1000)))));
        app.post("/api/v1/transfers", ctx -> {
            Transfers.View t = transfers.request(RequestBodies.read(ctx, Transfers.NewTransfer.class),
                    Actors.requireStaff(ctx));
            ctx.header("Location", "/api/v1/transfers/" + t.id());
            json(ctx, 201, t);
        });
        app.get("/api/v1/transfers/{id}", ctx -> json(ctx, 200, transfers.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "unknown-transfer", "no transfer " + ctx.pathParam("id")))));
        app.post("/api/v1/transfers/{id}/approve", ctx -> json(ctx, 200,
                transfers.approve(ctx.pathParam("id"), Actors.requireStaff(ctx))));
        app.post("/api/v1/transfers/{id}/reject", ctx -> json(ctx, 200, transfers.reject(ctx.pathParam("id"),
                step(ctx), Actors.requireStaff(ctx))));
        app.post("/api/v1/transfers/{id}/ship", ctx -> json(ctx, 200, transfers.ship(ctx.pathParam("id"),
                step(ctx), Actors.requireStaff(ctx))));
        app.post("/api/v1/transfers/{id}/receive", ctx -> json(ctx, 200, transfers.receive(ctx.pathParam("id"),
                step(ctx), Actors.requireStaff(ctx))));
        app.post("/api/v1/transfers/{id}/close", ctx -> json(ctx, 200, transfers.close(ctx.pathParam("id"),
                step(ctx), Actors.requireStaff(ctx))));
        app.get("/api/v1/purchase-orders", ctx -> json(ctx, 200, Map.of("purchaseOrders", orders.list(
                ctx.queryParam("status"), LanApi.intParam(ctx, "limit", 100, 1, 1000)))));
        app.get("/api/v1/purchase-orders/{id}", ctx -> json(ctx, 200, orders.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "unknown-purchase-order", "no purchase order " + ctx.pathParam("id")))));
        app.post("/api/v1/purchase-orders/{id}/receipts", ctx -> json(ctx, 201, orders.receive(ctx.pathParam("id"),
                RequestBodies.read(ctx, PurchaseOrders.ReceiptRequest.class), Actors.requireStaff(ctx))));
    }

    /** A step's body is optional: an empty one ships or receives everything. */
    private static Transfers.StepRequest step(Context ctx) {
        return RequestBodies.readOptional(ctx, Transfers.StepRequest.class, new Transfers.StepRequest(null, null));
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-supply.json";
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

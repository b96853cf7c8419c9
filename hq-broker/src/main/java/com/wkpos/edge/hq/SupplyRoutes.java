package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Topics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Transfers and purchase orders at HQ (ADR 013, documented in the README): {@code POST /api/v1/transfers},
 * {@code GET /api/v1/transfers[?branch=&status=]}, {@code GET /api/v1/transfers/{id}},
 * {@code POST /api/v1/transfers/{id}/close}, and the same for {@code /api/v1/purchase-orders} plus
 * {@code …/{id}/send}. {@code ?tenant=} picks a tenant other than HQ's. Bad input is a 400 problem naming the
 * field, an unknown or identical branch a 422, a document in the wrong status a 409; none stores anything.
 */
final class SupplyRoutes implements HqRoutes {
    static final long MAX_QTY = 1_000_000;
    static final int MAX_SKU = 64;
    static final int MAX_TEXT = 500;
    static final int MAX_LINES = 500;
    private final Hq hq;

    SupplyRoutes(Hq hq) {
        this.hq = hq;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/transfers", ctx -> {
            JsonNode body = SyncRoutes.object(ctx);
            HqServer.json(ctx, 201, hq.supply().createTransfer(tenant(ctx), branch(body, "from"), branch(body, "to"),
                    lines(body), text(body, "note")));
        });
        app.get("/api/v1/transfers", ctx -> HqServer.json(ctx, 200, Map.of("transfers", hq.supply().transfers(
                tenant(ctx), SalesRoutes.branch(ctx), status(ctx, Transfers.Status.class)))));
        app.get("/api/v1/transfers/{id}", ctx -> HqServer.json(ctx, 200, hq.supply().transfer(tenant(ctx),
                ctx.pathParam("id"))));
        app.post("/api/v1/transfers/{id}/close", ctx -> HqServer.json(ctx, 200, hq.supply().closeTransfer(tenant(ctx),
                ctx.pathParam("id"), reason(ctx))));
        app.post("/api/v1/purchase-orders", ctx -> {
            JsonNode body = SyncRoutes.object(ctx);
            String supplier = text(body, "supplier");
            if (supplier == null || supplier.isBlank()) {
                throw new HqApiException(400, "invalid-supplier", "supplier is required (1.." + MAX_TEXT + " characters)");
            }
            HqServer.json(ctx, 201, hq.supply().createPurchaseOrder(tenant(ctx), branch(body, "branch"), supplier,
                    lines(body), text(body, "note")));
        });
        app.get("/api/v1/purchase-orders", ctx -> HqServer.json(ctx, 200, Map.of("purchaseOrders",
                hq.supply().purchaseOrders(tenant(ctx), SalesRoutes.branch(ctx), status(ctx, PurchaseOrders.Status.class)))));
        app.get("/api/v1/purchase-orders/{id}", ctx -> HqServer.json(ctx, 200, hq.supply().purchaseOrder(tenant(ctx),
                ctx.pathParam("id"))));
        app.post("/api/v1/purchase-orders/{id}/send", ctx -> HqServer.json(ctx, 200,
                hq.supply().sendPurchaseOrder(tenant(ctx), ctx.pathParam("id"))));
        app.post("/api/v1/purchase-orders/{id}/close", ctx -> HqServer.json(ctx, 200,
                hq.supply().closePurchaseOrder(tenant(ctx), ctx.pathParam("id"), reason(ctx))));
    }

    private String tenant(Context ctx) {
        String t = ctx.queryParam("tenant");
        return t == null ? hq.tenant() : Topics.requireId("tenant", t);
    }

    /** {@code [{sku, qty}]}: 1..{@value #MAX_LINES} lines, distinct SKUs of 1..64 characters, qty 1..1 000 000. */
    static List<Transfers.Request> lines(JsonNode body) {
        JsonNode lines = body.get("lines");
        if (lines == null || !lines.isArray() || lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new HqApiException(400, "invalid-lines", "lines must be a list of 1.." + MAX_LINES
                    + " {sku, qty}, was " + (lines == null ? "missing" : abbreviated(lines)));
        }
        List<Transfers.Request> out = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (JsonNode l : lines) {
            JsonNode sku = l.path("sku");
            if (!sku.isTextual() || sku.asText().isBlank() || sku.asText().length() > MAX_SKU) {
                throw new HqApiException(400, "invalid-sku", "each line needs a sku of 1.." + MAX_SKU
                        + " characters, was " + abbreviated(sku));
            }
            JsonNode qty = l.path("qty");
            if (!qty.isIntegralNumber() || !qty.canConvertToLong() || qty.asLong() < 1 || qty.asLong() > MAX_QTY) {
                throw new HqApiException(400, "invalid-qty", "line " + sku.asText() + ": qty must be a whole number 1.."
                        + MAX_QTY + ", was " + abbreviated(qty));
            }
            if (!skus.add(sku.asText())) {
                throw new HqApiException(400, "duplicate-sku", "sku " + sku.asText() + " is on two lines");
            }
            out.add(new Transfers.Request(sku.asText(), qty.asLong()));
        }
        return out;
    }

    private static String branch(JsonNode body, String field) {
        JsonNode v = body.get(field);
        try {
            return Topics.requireId(field, v == null || !v.isTextual() ? null : v.asText());
        } catch (IllegalArgumentException e) {
            throw new HqApiException(400, "invalid-branch", e.getMessage());
        }
    }

    /** An optional text of at most {@value #MAX_TEXT} characters; null when absent. */
    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || v.asText().length() > MAX_TEXT) {
            throw new HqApiException(400, "invalid-" + field, field + " must be text of at most " + MAX_TEXT
                    + " characters, was " + abbreviated(v));
        }
        return v.asText();
    }

    /** The optional {@code reason} of a close; an empty body is no reason. */
    private static String reason(Context ctx) {
        return ctx.body().isBlank() ? null : text(SyncRoutes.object(ctx), "reason");
    }

    private static <E extends Enum<E>> String status(Context ctx, Class<E> type) {
        String s = ctx.queryParam("status");
        if (s == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return s;
            }
        }
        throw new HqApiException(400, "invalid-status", "status must be one of "
                + java.util.Arrays.toString(type.getEnumConstants()) + ", was '" + s + "'");
    }

    private static String abbreviated(JsonNode v) {
        String s = v.isMissingNode() ? "missing" : v.toString();
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

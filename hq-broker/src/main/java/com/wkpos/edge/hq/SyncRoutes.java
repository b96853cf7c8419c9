package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sync's admin endpoints (documented in the README): branches and their lag, price set, catalog import,
 * whole downstream sections, HQ's stock view, alarms, health and metrics.
 */
final class SyncRoutes implements HqRoutes {
    static final long MAX_AMOUNT = 1_000_000_000L;
    private final Hq hq;

    SyncRoutes(Hq hq) {
        this.hq = hq;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/health", ctx -> HqServer.json(ctx, 200, hq.health()));
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(hq.metricsText()));
        app.get("/api/v1/branches", ctx -> HqServer.json(ctx, 200, Map.of("branches", hq.branches(tenantFilter(ctx)))));
        app.post("/api/v1/prices", this::setPrice);
        app.post("/api/v1/catalog", this::importCatalog);
        app.get("/api/v1/catalog", ctx -> HqServer.json(ctx, 200, hq.downstreams().catalog(tenant(ctx))
                .orElseThrow(() -> new HqApiException(404, "no-catalog", "tenant " + tenant(ctx) + " has no catalog yet"))));
        app.put("/api/v1/sections/{section}", this::setSection);
        app.get("/api/v1/users", ctx -> HqServer.json(ctx, 200, Map.of("tenant", tenant(ctx),
                "users", StaffUsers.view(hq.downstreams().section(tenant(ctx), Downstream.USERS)))));
        app.put("/api/v1/users", this::setUsers);
        app.get("/api/v1/stock", ctx -> HqServer.json(ctx, 200, Map.of("stock", hq.stock(tenant(ctx),
                SalesRoutes.branch(ctx), SalesRoutes.sku(ctx)))));
        app.get("/api/v1/stock/alerts", ctx -> HqServer.json(ctx, 200, Map.of("alerts", hq.stockAlerts(tenant(ctx),
                SalesRoutes.branch(ctx), 500))));
        app.get("/api/v1/customers/{id}", ctx -> HqServer.json(ctx, 200, hq.customer(tenant(ctx), ctx.pathParam("id"))
                .orElseThrow(() -> new HqApiException(404, "not-found", "no customer " + ctx.pathParam("id")
                        + " in tenant " + tenant(ctx)))));
        app.get("/api/v1/alarms", ctx -> HqServer.json(ctx, 200, Map.of("alarms", hq.alarms())));
        app.get("/api/v1/keys/signing", ctx -> ctx.contentType("application/x-pem-file").result(hq.publicKeyPem()));
    }

    private void setPrice(Context ctx) {
        JsonNode body = body(ctx);
        String sku = text(body, "sku");
        JsonNode amountNode = body.get("amount");
        if (amountNode == null || !amountNode.canConvertToExactIntegral() || amountNode.asLong() < 0
                || amountNode.asLong() > MAX_AMOUNT) {
            throw new HqApiException(400, "invalid-amount", "amount must be an integer 0.." + MAX_AMOUNT
                    + " minor units, was " + amountNode);
        }
        List<String> branches = new ArrayList<>();
        for (JsonNode b : body.path("branches")) {
            branches.add(Topics.requireId("branch", b.asText()));
        }
        String tenant = body.hasNonNull("tenant") ? Topics.requireId("tenant", body.get("tenant").asText()) : hq.tenant();
        Downstream d;
        try {
            d = hq.setPrice(tenant, sku, amountNode.asLong(), branches);
        } catch (Downstreams.NoSuchSkuException e) {
            throw new HqApiException(404, "unknown-sku", e.getMessage());
        }
        HqServer.json(ctx, 201, published(d));
    }

    private void importCatalog(Context ctx) {
        JsonNode catalog = body(ctx);
        List<String> problems = CatalogChecks.problems(catalog);
        if (!problems.isEmpty()) {
            throw new HqApiException(422, "invalid-catalog", String.join("; ", problems));
        }
        HqServer.json(ctx, 201, published(hq.importCatalog(tenant(ctx), catalog)));
    }

    private void setSection(Context ctx) {
        String section = ctx.pathParam("section");
        if (!List.of(Downstream.EXCHANGE_RATES, Downstream.USERS).contains(section)) {
            throw new HqApiException(404, "unknown-section", "sections set here: exchangeRates, users; was " + section);
        }
        JsonNode value = body(ctx);
        if (!value.isArray()) {
            throw new HqApiException(422, "invalid-section", section + " must be a JSON array");
        }
        List<String> problems = SectionChecks.problems(section, value);
        if (!problems.isEmpty()) {
            throw new HqApiException(422, "invalid-section", String.join("; ", problems));
        }
        HqServer.json(ctx, 201, published(hq.setSection(tenant(ctx), section, value)));
    }

    private void setUsers(Context ctx) {
        JsonNode value = body(ctx);
        if (!value.isArray()) {
            throw new HqApiException(422, "invalid-section", "users must be a JSON array");
        }
        String tenant = tenant(ctx);
        JsonNode users = StaffUsers.withHashes(value, hq.downstreams().section(tenant, Downstream.USERS));
        List<String> problems = SectionChecks.problems(Downstream.USERS, users);
        if (!problems.isEmpty()) {
            throw new HqApiException(422, "invalid-section", String.join("; ", problems));
        }
        HqServer.json(ctx, 201, published(hq.setSection(tenant, Downstream.USERS, users)));
    }

    private static Map<String, Object> published(Downstream d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", d.tenant());
        out.put("version", d.version());
        out.put("sections", d.sections().keySet());
        return out;
    }

    private String tenant(Context ctx) {
        String t = ctx.queryParam("tenant");
        return t == null ? hq.tenant() : Topics.requireId("tenant", t);
    }

    private static String tenantFilter(Context ctx) {
        String t = ctx.queryParam("tenant");
        return t == null ? null : Topics.requireId("tenant", t);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode n = SyncCodec.MAPPER.readTree(ctx.bodyAsBytes());
            if (n == null || n.isMissingNode() || !(n.isObject() || n.isArray())) {
                throw new HqApiException(400, "invalid-json", "the body must be a JSON object or array");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new HqApiException(400, "invalid-json", "the body is not JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    /** The body as a JSON object, or a 400 problem. */
    static JsonNode object(Context ctx) {
        JsonNode n = body(ctx);
        if (!n.isObject()) {
            throw new HqApiException(400, "invalid-json", "the body must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new HqApiException(400, "missing-field", field + " is required (a string)");
        }
        return v.asText();
    }
}

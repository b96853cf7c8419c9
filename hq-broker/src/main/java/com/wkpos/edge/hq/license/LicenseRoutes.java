package com.wkpos.edge.hq.license;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.hq.HqServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authority's admin HTTP API under {@code /admin/license}, registered on whatever Javalin server
 * HQ runs ({@code HqServer} requires the admin token on all but {@code GET /admin/license/keys}, ADR 009).
 * Errors are RFC 9457 problem+json with {@code urn:wk-edge:problem:<slug>} types, as on the box.
 *
 * <pre>
 * POST   /admin/license/serials                       {plan, modules[], maxDevices, validDays, offlineDays} → {serial}
 * POST   /admin/license/serials/{serial}/revoke
 * POST   /admin/license/tenants                       {serial, tenant} → tenant license
 * GET    /admin/license/tenants/{tenant}              tenant, plan, devices
 * POST   /admin/license/tenants/{tenant}/devices      {device: thumbprint} → device license (409 device-limit-reached)
 * DELETE /admin/license/tenants/{tenant}/devices/{device}
 * POST   /admin/license/tenants/{tenant}/suspend|resume|revoke
 * POST   /admin/license/renew                         a box's signed renewal request → HQ's signed reply (application/jwt)
 * GET    /admin/license/keys                          the JWK Set boxes pin
 * </pre>
 */
public final class LicenseRoutes {
    private static final int MAX_BODY = 64 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

    record SerialRequest(String plan, List<String> modules, int maxDevices, int validDays, Integer offlineDays) {
    }

    record TenantRequest(String serial, String tenant) {
    }

    record DeviceRequest(String device) {
    }

    private LicenseRoutes() {
    }

    public static void register(Javalin app, LicenseAuthority authority) {
        app.exception(BadRequest.class, (e, ctx) -> HqServer.problem(ctx, 400, "invalid-request", e.getMessage()));
        app.post("/admin/license/serials", ctx -> {
            SerialRequest r = body(ctx, SerialRequest.class);
            Plan plan;
            try {
                plan = new Plan(r.plan(), r.modules() == null ? List.of() : r.modules(), r.maxDevices(), r.validDays(),
                        r.offlineDays() == null ? 30 : r.offlineDays());
            } catch (IllegalArgumentException | NullPointerException e) {
                HqServer.problem(ctx, 400, "invalid-request", String.valueOf(e.getMessage()));
                return;
            }
            json(ctx, 201, Map.of("serial", authority.mintSerial(plan), "plan", plan));
        });
        app.post("/admin/license/serials/{serial}/revoke", ctx -> answer(ctx, authority.revokeSerial(ctx.pathParam("serial"))));
        app.post("/admin/license/tenants", ctx -> {
            TenantRequest r = body(ctx, TenantRequest.class);
            answer(ctx, authority.registerTenant(r.serial(), r.tenant()));
        });
        app.get("/admin/license/tenants", ctx -> json(ctx, 200, Map.of("tenants", authority.tenants())));
        app.get("/admin/license/tenants/{tenant}", ctx -> authority.tenant(ctx.pathParam("tenant")).ifPresentOrElse(
                t -> json(ctx, 200, t), () -> HqServer.problem(ctx, 404, "unknown-tenant", "no tenant " + ctx.pathParam("tenant"))));
        app.post("/admin/license/tenants/{tenant}/devices", ctx -> answer(ctx,
                authority.activate(ctx.pathParam("tenant"), body(ctx, DeviceRequest.class).device())));
        app.delete("/admin/license/tenants/{tenant}/devices/{device}", ctx -> answer(ctx,
                authority.deactivate(ctx.pathParam("tenant"), ctx.pathParam("device"))));
        app.post("/admin/license/tenants/{tenant}/suspend", ctx -> answer(ctx, authority.suspend(ctx.pathParam("tenant"))));
        app.post("/admin/license/tenants/{tenant}/resume", ctx -> answer(ctx, authority.resume(ctx.pathParam("tenant"))));
        app.post("/admin/license/tenants/{tenant}/revoke", ctx -> answer(ctx, authority.revoke(ctx.pathParam("tenant"))));
        app.post("/admin/license/renew", ctx -> {
            try {
                ctx.status(200).contentType("application/jwt").result(authority.renew(text(ctx)));
            } catch (JwsException e) {
                HqServer.problem(ctx, 400, "invalid-renewal-request", e.reason() + ": " + e.getMessage());
            }
        });
        app.get("/admin/license/keys", ctx -> ctx.status(200).contentType("application/jwk-set+json")
                .result(authority.publicKeys().toJson()));
    }

    private static void answer(Context ctx, Outcome outcome) {
        switch (outcome) {
            case Outcome.Issued i -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("license", i.token());
                body.put("claims", i.claims().toJson());
                json(ctx, 201, body);
            }
            case Outcome.Done d -> json(ctx, 200, Map.of("result", d.detail()));
            case Refused r -> HqServer.problem(ctx, r.reason().status, r.reason().slug(), r.detail());
        }
    }

    private static <T> T body(Context ctx, Class<T> type) {
        try {
            T value = JSON.readValue(text(ctx), type);
            if (value == null) {
                throw new BadRequest("the body is null; send a JSON object");
            }
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadRequest("bad JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(Context ctx) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                throw new BadRequest("the body is larger than " + MAX_BODY + " bytes");
            }
            return new String(b, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BadRequest("cannot read the body: " + e.getMessage());
        }
    }

    /** A request refused before the authority is asked: answered 400 {@code invalid-request}. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(write(body));
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}

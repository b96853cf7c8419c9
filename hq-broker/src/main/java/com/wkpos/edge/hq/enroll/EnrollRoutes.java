package com.wkpos.edge.hq.enroll;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.wkpos.edge.hq.HqServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The enrollment authority on HQ's HTTP API. {@code /enroll} is what a box calls with the token from
 * its bundle and the CRL is public; the other {@code /admin/enroll} routes are for technicians' tools and
 * operators, and {@code HqServer} requires the admin token on them (ADR 009).
 *
 * <pre>
 * POST /admin/enroll/tokens                  {tenant, branch, expires} → 201 {token, device, expires}
 * POST /enroll                               {token, csr (PEM)} → 201 {device, certificate, ca}; 403/409 problem
 * GET  /admin/enroll/devices                 every issued certificate
 * POST /admin/enroll/devices/{device}/revoke → 200, or 404 when none is in force
 * GET  /admin/enroll/crl                     the CRL (PEM) for the broker
 * </pre>
 */
public final class EnrollRoutes {
    private static final int MAX_BODY = 32 * 1024;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    record TokenRequest(String tenant, String branch, String expires) {
    }

    record EnrollRequest(String token, String csr) {
    }

    private EnrollRoutes() {
    }

    public static void register(Javalin app, EnrollAuthority authority) {
        app.post("/admin/enroll/tokens", ctx -> {
            TokenRequest r = body(ctx, TokenRequest.class);
            if (r == null) {
                return;
            }
            try {
                EnrollAuthority.NewToken t = authority.createToken(r.tenant(), r.branch(), Instant.parse(r.expires()));
                json(ctx, 201, Map.of("token", t.token(), "device", t.deviceName(), "expires", t.expires().toString()));
            } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
                HqServer.problem(ctx, 400, "invalid-request", String.valueOf(e.getMessage()));
            }
        });
        app.post("/enroll", ctx -> {
            EnrollRequest r = body(ctx, EnrollRequest.class);
            if (r == null) {
                return;
            }
            switch (authority.enroll(r.token(), r.csr())) {
                case EnrollAuthority.Enrolled e -> json(ctx, 201, Map.of("device", e.deviceName(),
                        "certificate", e.certificatePem(), "ca", e.caPem()));
                case EnrollAuthority.Refused f -> HqServer.problem(ctx, f.reason().status, f.reason().slug(), f.detail());
            }
        });
        app.get("/admin/enroll/devices", ctx -> json(ctx, 200, authority.devices()));
        app.post("/admin/enroll/devices/{device}/revoke", ctx -> {
            if (authority.revoke(ctx.pathParam("device"))) {
                json(ctx, 200, Map.of("revoked", ctx.pathParam("device")));
            } else {
                HqServer.problem(ctx, 404, "unknown-device", "no certificate in force for " + ctx.pathParam("device"));
            }
        });
        app.get("/admin/enroll/crl", ctx -> ctx.status(200).contentType("application/x-pem-file").result(authority.crlPem()));
    }

    private static <T> T body(Context ctx, Class<T> type) {
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes(MAX_BODY + 1);
            if (b.length > MAX_BODY) {
                HqServer.problem(ctx, 413, "body-too-large", "the body is larger than " + MAX_BODY + " bytes");
                return null;
            }
            T value = JSON.readValue(new String(b, StandardCharsets.UTF_8), type);
            if (value == null) {
                HqServer.problem(ctx, 400, "invalid-request", "send a JSON object");
            }
            return value;
        } catch (IOException e) {
            HqServer.problem(ctx, 400, "invalid-request", "bad JSON: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    private static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}

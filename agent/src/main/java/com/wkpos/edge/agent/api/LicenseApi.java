package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.license.LicenseGate;
import com.wkpos.edge.agent.license.LicenseStatus;
import com.wkpos.edge.agent.license.Licensing;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The license on the LAN API: the gate before every {@code /api/v1} call ({@link LicenseGate}), the
 * license's state, installing a token, and relaying a renewal (request out, signed reply in) for
 * when HQ is reachable some other way than the box's own link.
 */
public final class LicenseApi implements ApiModule {
    private static final int MAX_TOKEN_BYTES = 64 * 1024;
    private final Licensing licensing;

    public LicenseApi(Licensing licensing) {
        this.licensing = licensing;
    }

    @Override
    public void register(Javalin app) {
        app.before("/api/v1/*", ctx -> LicenseGate.decide(ctx.method().name(), ctx.path(), licensing.status())
                .ifPresent(r -> {
                    throw new ApiException(403, r.problem(), r.detail());
                }));
        app.get("/api/v1/license", ctx -> json(ctx, 200, licensing.health()));
        app.put("/api/v1/license", ctx -> answer(ctx, licensing.install(token(ctx), "screen:" + ctx.ip())));
        app.post("/api/v1/license/renewal-request", ctx -> {
            try {
                json(ctx, 200, Map.of("request", licensing.renewalRequest()));
            } catch (IllegalStateException e) {
                throw new ApiException(409, "no-tenant", e.getMessage());
            }
        });
        app.post("/api/v1/license/renewal-reply", ctx -> answer(ctx, licensing.acceptReply(token(ctx))));
    }

    private void answer(Context ctx, Licensing.Outcome outcome) {
        switch (outcome) {
            case Licensing.Accepted a -> json(ctx, 200, Map.of("result", a.detail(), "license", licensing.health()));
            case Licensing.Rejected r -> throw new ApiException(422, "license-rejected", r.reason() + ": " + r.detail());
        }
    }

    /** The body is the compact token itself (text/plain or application/jwt), at most 64 KiB. */
    private static String token(Context ctx) {
        if (ctx.req().getContentLengthLong() > MAX_TOKEN_BYTES) {
            throw new ApiException(413, "payload-too-large", "a token is at most " + MAX_TOKEN_BYTES + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_TOKEN_BYTES + 1);
            if (body.length > MAX_TOKEN_BYTES) {
                throw new ApiException(413, "payload-too-large", "a token is at most " + MAX_TOKEN_BYTES + " bytes");
            }
            String text = new String(body, StandardCharsets.US_ASCII).strip();
            if (text.isEmpty()) {
                throw new ApiException(400, "invalid-request", "send the compact token as the request body");
            }
            return text;
        } catch (IOException e) {
            throw new ApiException(400, "invalid-request", "cannot read the request body: " + e.getMessage());
        }
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-license.json";
    }

    @Override
    public void health(Map<String, Object> body) {
        body.put("license", licensing.health());
    }

    @Override
    public String statusHtml(LocalTimes local) {
        LicenseStatus s = licensing.status();
        boolean ok = s.level() == LicenseStatus.Level.FULL;
        return "<h2>License</h2><table><tr><th>State</th><td class=\"" + (ok ? "ok" : "bad") + "\">" + s.level()
                + "</td></tr><tr><th>Detail</th><td>" + StatusPage.esc(local.in(s.detail())) + "</td></tr>"
                + "<tr><th>Last word from HQ</th><td>" + local.of(s.lastHeartbeat()) + " (" + s.offline().toHours() + " h ago)</td></tr>"
                + "<tr><th>Device key</th><td><code>" + StatusPage.esc(licensing.deviceThumbprint()) + "</code></td></tr>"
                + s.claims().map(c -> "<tr><th>Plan</th><td>" + StatusPage.esc(c.plan()) + " " + StatusPage.esc(
                        String.valueOf(c.modules())) + ", until " + local.of(c.exp()) + "</td></tr>").orElse("") + "</table>";
    }

    @Override
    public String metrics() {
        LicenseStatus s = licensing.status();
        return "# HELP wk_edge_license_level Grace ladder rung: 0 full, 1 warning, 2 sales only, 3 locked.\n"
                + "# TYPE wk_edge_license_level gauge\n"
                + "wk_edge_license_level " + s.level().ordinal() + "\n"
                + "# HELP wk_edge_license_offline_seconds Trusted seconds since HQ last confirmed the license.\n"
                + "# TYPE wk_edge_license_offline_seconds gauge\n"
                + "wk_edge_license_offline_seconds " + s.offline().toSeconds() + "\n";
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

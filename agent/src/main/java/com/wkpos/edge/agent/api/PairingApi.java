package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.pairing.CodeDrop;
import com.wkpos.edge.agent.pairing.Pairing;
import com.wkpos.edge.agent.pairing.Screen;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.drivers.api.DeviceException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may call the LAN API: every {@code /api/v1} call but health, the OpenAPI document and pairing
 * itself needs a paired screen's {@code Authorization: Bearer} token (401 otherwise). Registered FIRST,
 * so it runs before the license gate and the till's staff sessions. The events WebSocket also checks
 * the page's {@code Origin} and, since browsers cannot set headers on a WebSocket, takes the token as
 * the {@code access_token} query parameter too. Managers list and revoke screens; a caller on the box
 * itself (loopback) can get a code from {@code /pairing}.
 */
public final class PairingApi implements ApiModule {
    static final String SCREEN = "wk.screen";
    private static final String EVENTS = "/api/v1/events";
    private static final Set<String> OPEN = Set.of("GET /api/v1/health", "GET /api/v1/openapi.json",
            "POST /api/v1/pairing");

    /** What a screen learns about the box when it pairs, and how the box is reached. */
    /** @param zone the branch's time zone, for the times on the code slip */
    public record BoxIdentity(String deviceId, String branch, String tlsFingerprint, boolean tls, java.time.ZoneId zone) {
    }

    record PairRequest(String code, String name) {
    }

    /** Prints a slip on the receipt printer; blocking, at most a few seconds. */
    @FunctionalInterface
    public interface SlipPrinter {
        void print(List<String> before, String big, List<String> after) throws DeviceException;
    }

    private final Pairing pairing;
    private final BoxIdentity box;
    private final Set<String> allowedOrigins;
    private final SlipPrinter printer;

    /**
     * @param allowedOrigins browser origins (e.g. {@code https://pos.example.com}) allowed on the events socket
     * @param printer        the receipt printer for code slips; null when the box has none
     */
    public PairingApi(Pairing pairing, BoxIdentity box, List<String> allowedOrigins, SlipPrinter printer) {
        this.pairing = pairing;
        this.box = box;
        this.printer = printer;
        this.allowedOrigins = Set.copyOf(allowedOrigins.stream().map(PairingApi::normaliseOrigin).toList());
    }

    @Override
    public void register(Javalin app) {
        app.before("/api/v1/*", ctx -> {
            if (!OPEN.contains(ctx.method().name() + " " + ctx.path())) {
                ctx.attribute(SCREEN, requireScreen(ctx, bearer(ctx.header("Authorization"))));
            }
        });
        app.addHttpHandler(HandlerType.WEBSOCKET_BEFORE_UPGRADE, EVENTS, ctx -> {
            checkOrigin(ctx);
            String token = bearer(ctx.header("Authorization"));
            ctx.attribute(SCREEN, requireScreen(ctx, token != null ? token : ctx.queryParam("access_token")));
        });
        app.post("/api/v1/pairing", this::pair);
        app.post("/api/v1/pairing/slip", this::printSlip);
        app.get("/api/v1/screens", ctx -> {
            requireManager(ctx);
            json(ctx, 200, Map.of("screens", pairing.screens()));
        });
        app.delete("/api/v1/screens/{id}", ctx -> json(ctx, 200, pairing.revoke(ctx.pathParam("id"),
                requireManager(ctx).actor())));
        app.get("/pairing", ctx -> {
            loopbackOnly(ctx);
            ctx.html(PairingPage.form());
        });
        app.post("/pairing", ctx -> {
            loopbackOnly(ctx);
            ctx.html(PairingPage.code(pairing.issueCode("status-page"), box));
        });
    }

    private void pair(Context ctx) {
        PairRequest body = RequestBodies.read(ctx, PairRequest.class);
        if (body.code() == null || body.code().isBlank()) {
            throw new ApiException(400, "invalid-field", "code: the pairing code shown on the box is required");
        }
        Pairing.Paired paired = pairing.pair(body.code(), body.name(), Actors.origin(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("screenId", paired.screen().id());
        out.put("name", paired.screen().name());
        out.put("token", paired.token());
        out.put("tokenType", "Bearer");
        out.put("deviceId", box.deviceId());
        out.put("branch", box.branch());
        out.put("tlsFingerprint", box.tlsFingerprint());
        json(ctx, 201, out);
    }

    /** A manager at a paired screen prints a code for the next one; the code is on paper only. */
    private void printSlip(Context ctx) {
        StaffMember manager = requireManager(ctx);
        if (printer == null) {
            throw new ApiException(409, "no-printer", "this box has no receipt printer; use 'wk-edge agent pairing-code'"
                    + " on the box or its /pairing page");
        }
        CodeDrop.Issued issued = pairing.issueCode(manager.actor());
        String fp = box.tlsFingerprint();
        try {
            printer.print(List.of("WK Edge - pair a screen", box.branch(), "device " + box.deviceId(),
                    "Code, good once until " + new LocalTimes(box.zone()).clock(issued.expiresAt()) + ":"), issuedFor(issued),
                    List.of("Certificate SHA-256:", fp.substring(0, 47), fp.substring(48),
                            "Five wrong codes lock pairing for 15 minutes."));
        } catch (DeviceException e) {
            throw new ApiException(503, "printer-unavailable", "the code slip did not print: " + e.getMessage());
        }
        json(ctx, 202, Map.of("printed", true, "expiresAt", issued.expiresAt().toString()));
    }

    private Screen requireScreen(Context ctx, String token) {
        if (token == null) {
            throw unauthorized(ctx, "unauthorized", "pair this screen first (POST /api/v1/pairing with the code shown"
                    + " on the box) and send its token as 'Authorization: Bearer <token>'");
        }
        Screen screen = pairing.authenticate(token).orElseThrow(() -> unauthorized(ctx, "unauthorized",
                "the bearer token is not one this box issued; pair the screen again"));
        if (screen.revoked()) {
            throw unauthorized(ctx, "screen-revoked", "screen '" + screen.name() + "' was unpaired by " + screen.revokedBy()
                    + " at " + screen.revokedAt() + "; pair it again with a fresh code");
        }
        return screen;
    }

    private static ApiException unauthorized(Context ctx, String type, String detail) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"wk-edge\"");
        return new ApiException(401, type, detail);
    }

    private static StaffMember requireManager(Context ctx) {
        StaffMember member = Actors.requireStaff(ctx);
        if (!member.role().approves()) {
            throw new ApiException(403, "manager-required", "only a manager or admin may list or unpair screens; "
                    + member.id() + " is " + member.role());
        }
        return member;
    }

    /**
     * A browser always sends {@code Origin} on a WebSocket: a page of the box itself (same host and port)
     * or an allow-listed one may connect. No {@code Origin} means no browser (a native screen app, curl),
     * which a web page cannot forge; the token still has to be good.
     */
    private void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return;
        }
        String o = normaliseOrigin(origin);
        String self = (box.tls() ? "https://" : "http://") + String.valueOf(ctx.header("Host")).toLowerCase(Locale.ROOT);
        if (!o.equals(self) && !allowedOrigins.contains(o)) {
            throw new ApiException(403, "origin-not-allowed", "WebSocket from origin " + origin + " refused; allowed: "
                    + "this box's own pages" + (allowedOrigins.isEmpty() ? "" : " and " + allowedOrigins.stream().sorted().toList())
                    + " (configure lan.allowed-origins)");
        }
    }

    private static String normaliseOrigin(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    static String bearer(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** The code page answers only a caller on the box itself: anyone who reads it can pair a screen. */
    private static void loopbackOnly(Context ctx) {
        try {
            if (InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress()) {
                return;
            }
        } catch (UnknownHostException e) {
            // not an address: refused below
        }
        throw new ApiException(403, "loopback-only", "pairing codes are shown only on the box itself; use"
                + " 'wk-edge agent pairing-code' there, or ask for the printed slip");
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-pairing.json";
    }

    @Override
    public void health(Map<String, Object> body) {
        List<Screen> screens = pairing.screens();
        long active = screens.stream().filter(s -> !s.revoked()).count();
        body.put("pairing", Map.of("screens", active, "revoked", screens.size() - active, "liveCodes", pairing.liveCodes(),
                "locked", pairing.locked()));
        body.put("tls", Map.of("enabled", box.tls(), "fingerprint", box.tlsFingerprint()));
    }

    @Override
    public String statusHtml(LocalTimes local) {
        List<Screen> screens = pairing.screens();
        StringBuilder rows = new StringBuilder();
        for (Screen s : screens) {
            rows.append("<tr><th>").append(StatusPage.esc(s.name())).append("</th><td>").append(s.revoked()
                    ? "revoked " + StatusPage.esc(local.of(s.revokedAt())) : "paired " + StatusPage.esc(local.of(s.pairedAt()))).append("</td></tr>");
        }
        return "<h2>Screens</h2><table><tr><th>TLS fingerprint (SHA-256)</th><td><code>"
                + StatusPage.esc(box.tlsFingerprint()) + "</code>" + (box.tls() ? "" : " (plain HTTP on loopback)")
                + "</td></tr>" + rows + "<tr><th>Pair a screen</th><td>" + (pairing.locked()
                ? "<span class=\"bad\">locked after wrong codes</span>" : "<a href=\"/pairing\">get a code</a> (on the box"
                + " itself) or run <code>wk-edge agent pairing-code</code>") + "</td></tr></table>";
    }

    @Override
    public String metrics() {
        List<Screen> screens = pairing.screens();
        return "# HELP wk_edge_screens_paired POS screens holding a valid token.\n"
                + "# TYPE wk_edge_screens_paired gauge\n"
                + "wk_edge_screens_paired " + screens.stream().filter(s -> !s.revoked()).count() + "\n"
                + "# HELP wk_edge_pairing_locked 1 while pairing is locked after wrong codes.\n"
                + "# TYPE wk_edge_pairing_locked gauge\n"
                + "wk_edge_pairing_locked " + (pairing.locked() ? 1 : 0) + "\n"
                + "# HELP wk_edge_pairing_refused_locked_total Pairing attempts refused while locked.\n"
                + "# TYPE wk_edge_pairing_refused_locked_total counter\n"
                + "wk_edge_pairing_refused_locked_total " + pairing.refusedWhileLocked() + "\n";
    }

    static String issuedFor(CodeDrop.Issued issued) {
        return issued.code().substring(0, 3) + " " + issued.code().substring(3);
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

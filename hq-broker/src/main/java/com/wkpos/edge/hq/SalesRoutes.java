package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.Topics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * What the branches sold, as HQ received it (documented in the README): {@code GET /api/v1/sales} lists
 * the newest sales, {@code GET /api/v1/sales/summary} adds them up per branch. Both take {@code branch},
 * {@code from} and {@code to} (days {@code yyyy-MM-dd}, inclusive, in {@code zone}, default Europe/Berlin)
 * and {@code tenant}; the list also {@code limit} (1..1000, default 100). A bad parameter is a 400 naming it.
 */
final class SalesRoutes implements HqRoutes {
    private final Hq hq;

    SalesRoutes(Hq hq) {
        this.hq = hq;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/sales", ctx -> {
            SalesViews.Query q = query(ctx, true);
            Map<String, Object> body = q.echo();
            body.put("limit", q.limit());
            body.put("sales", hq.sales(q));
            HqServer.json(ctx, 200, body);
        });
        app.get("/api/v1/sales/summary", ctx -> HqServer.json(ctx, 200, hq.salesSummary(query(ctx, false))));
    }

    private SalesViews.Query query(Context ctx, boolean limited) {
        String t = ctx.queryParam("tenant");
        String tenant = t == null ? hq.tenant() : Topics.requireId("tenant", t);
        LocalDate from = date(ctx, "from");
        LocalDate to = date(ctx, "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw new HqApiException(400, "invalid-date", "from " + from + " is after to " + to);
        }
        return new SalesViews.Query(tenant, branch(ctx), from, to, zone(ctx),
                limited ? limit(ctx) : SalesViews.MAX_LIMIT);
    }

    static String branch(Context ctx) {
        String b = ctx.queryParam("branch");
        return b == null ? null : Topics.requireId("branch", b);
    }

    static String sku(Context ctx) {
        String sku = ctx.queryParam("sku");
        if (sku != null && (sku.isBlank() || sku.length() > 128)) {
            throw new HqApiException(400, "invalid-sku", "sku must be 1..128 characters, was '" + sku + "'");
        }
        return sku;
    }

    private static LocalDate date(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new HqApiException(400, "invalid-date", name + " must be a date yyyy-MM-dd, was '" + v + "'");
        }
    }

    static ZoneId zone(Context ctx) {
        String v = ctx.queryParam("zone");
        if (v == null) {
            return SalesViews.DEFAULT_ZONE;
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new HqApiException(400, "invalid-zone", "zone must be a time zone such as Europe/Berlin, was '" + v + "'");
        }
    }

    private static int limit(Context ctx) {
        String v = ctx.queryParam("limit");
        if (v == null) {
            return SalesViews.DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n >= 1 && n <= SalesViews.MAX_LIMIT) {
            return n;
        }
        throw new HqApiException(400, "invalid-limit", "limit must be an integer 1.." + SalesViews.MAX_LIMIT
                + ", was '" + v + "'");
    }
}

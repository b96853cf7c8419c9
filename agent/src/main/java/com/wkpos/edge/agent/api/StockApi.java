package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.stock.Stock;
import com.wkpos.edge.agent.stock.StockMoves;
import com.wkpos.edge.agent.stock.StockReservations;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock by hand at the branch: goods received, counted, corrected or written off
 * ({@code POST /api/v1/stock/movements}), stock reserved for an order and released
 * ({@code /api/v1/stock/reservations}), every SKU's level ({@code GET /api/v1/stock}, {@code ?low=true}
 * for those at or below their reorder level), one SKU's level and its movements
 * ({@code GET /api/v1/stock/{sku}[/movements]}), and what to reorder ({@code GET /api/v1/stock/reorder}).
 */
public final class StockApi implements ApiModule {
    private final StockMoves moves;
    private final StockReservations reservations;

    record Release(String reason) {
    }

    public StockApi(StockMoves moves, StockReservations reservations) {
        this.moves = moves;
        this.reservations = reservations;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/stock/movements", ctx -> {
            StockMoves.Moved done = moves.move(RequestBodies.read(ctx, StockMoves.Request.class), Actors.requireStaff(ctx),
                    Actors.origin(ctx));
            ctx.header("Location", "/api/v1/stock/" + done.movement().sku() + "/movements");
            json(ctx, 201, done);
        });
        app.get("/api/v1/stock", ctx -> {
            String low = ctx.queryParamAsClass("low", String.class).getOrDefault("false");
            if (!low.equals("true") && !low.equals("false")) {
                throw new ApiException(400, "invalid-parameter", "low must be true or false, was '" + low + "'");
            }
            List<Map<String, Object>> out = moves.levels(low.equals("true"), LanApi.intParam(ctx, "limit", 500, 1, 5000))
                    .stream().map(StockApi::level).toList();
            json(ctx, 200, Map.of("stock", out));
        });
        // before /api/v1/stock/{sku}: the first route that matches answers
        app.post("/api/v1/stock/reservations", ctx -> {
            StockReservations.Change done = reservations.reserve(RequestBodies.read(ctx,
                    StockReservations.Request.class), Actors.requireStaff(ctx));
            ctx.header("Location", "/api/v1/stock/reservations/" + done.reservation().id());
            json(ctx, 201, done);
        });
        app.post("/api/v1/stock/reservations/{id}/release", ctx -> json(ctx, 200, reservations.release(
                ctx.pathParam("id"), RequestBodies.read(ctx, Release.class).reason(), Actors.requireStaff(ctx))));
        app.get("/api/v1/stock/reservations", ctx -> {
            String open = ctx.queryParamAsClass("open", String.class).getOrDefault("false");
            if (!open.equals("true") && !open.equals("false")) {
                throw new ApiException(400, "invalid-parameter", "open must be true or false, was '" + open + "'");
            }
            json(ctx, 200, Map.of("reservations", reservations.list(blankToNull(ctx.queryParam("sku")), open.equals("true"),
                    LanApi.intParam(ctx, "limit", 500, 1, 5000))));
        });
        app.get("/api/v1/stock/reservations/{id}", ctx -> json(ctx, 200, reservations.find(ctx.pathParam("id"))
                .orElseThrow(() -> new ApiException(404, "unknown-reservation", "no reservation with id "
                        + ctx.pathParam("id")))));
        app.get("/api/v1/stock/reorder", ctx -> {
            int days = LanApi.intParam(ctx, "days", 28, 1, 365);
            int lead = LanApi.intParam(ctx, "leadDays", 7, 0, 120);
            int cover = LanApi.intParam(ctx, "coverDays", 14, 0, 365);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("days", days);
            body.put("leadDays", lead);
            body.put("coverDays", cover);
            body.put("suggestions", moves.reorder(days, lead, cover));
            json(ctx, 200, body);
        });
        app.get("/api/v1/stock/{sku}", ctx -> {
            String sku = ctx.pathParam("sku");
            Stock.Level level = moves.level(sku).orElseThrow(() -> new ApiException(404, "unknown-product",
                    "no stock record for sku " + sku));
            Map<String, Object> body = level(level);
            body.put("version", level.version());
            json(ctx, 200, body);
        });
        app.get("/api/v1/stock/{sku}/movements", ctx -> json(ctx, 200, Map.of("sku", ctx.pathParam("sku"),
                "movements", moves.history(ctx.pathParam("sku"), LanApi.intParam(ctx, "limit", 100, 1, 1000)))));
    }

    private static Map<String, Object> level(Stock.Level l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sku", l.sku());
        m.put("onHand", l.onHand());
        m.put("reserved", l.reserved());
        m.put("available", l.available());
        m.put("reorderLevel", l.reorderLevel());
        m.put("low", l.low());
        return m;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-stock.json";
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

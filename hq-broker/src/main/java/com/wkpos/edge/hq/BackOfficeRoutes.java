package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.report.ReportCsv;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The box's back-office reports across branches (documented in the README):
 * {@code GET /api/v1/reports/{daily|monthly|cash-flow|receivables|customer-statement}} with {@code from} and
 * {@code to} (days {@code yyyy-MM-dd}, inclusive, in {@code zone}, default Europe/Berlin), {@code tenant}
 * (default HQ's), {@code branch} (default all of the tenant's) and {@code customer} (the statement's; narrows
 * receivables). JSON, or CSV with {@code format=csv} or {@code Accept: text/csv}, or with {@code format=table}
 * the table the CSV is made from (columns with labels and kinds) as JSON, which the console shows. A bad parameter is a 400
 * naming it.
 */
final class BackOfficeRoutes implements HqRoutes {
    static final String CSV = "text/csv; charset=utf-8";
    private final Hq hq;

    BackOfficeRoutes(Hq hq) {
        this.hq = hq;
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/reports/{name}", ctx -> {
            // "table": the table the CSV is made from, with the columns' labels and kinds, for the console
            boolean table = "table".equals(ctx.queryParam("format"));
            boolean csv = !table && csv(ctx);
            String t = ctx.queryParam("tenant");
            String tenant = t == null ? hq.tenant() : Topics.requireId("tenant", t);
            var zone = SalesRoutes.zone(ctx);
            BackOfficeViews.Query q = BackOfficeViews.query(ctx.pathParam("name"), tenant, SalesRoutes.branch(ctx),
                    ctx.queryParam("from"), ctx.queryParam("to"), zone, ctx.queryParam("customer"), hq.today(zone));
            BackOfficeViews.Report r = hq.backOfficeReport(q);
            if (csv) {
                ctx.status(200).contentType(CSV).header("Content-Disposition", "attachment; filename=\"" + q.name()
                        + "-" + q.from() + "-" + q.to() + ".csv\"").result(ReportCsv.write(r.table()));
            } else if (table) {
                Map<String, Object> body = new LinkedHashMap<>();
                for (String key : List.of("report", "tenant", "branch", "from", "to", "zone", "currency")) {
                    body.put(key, r.json().get(key));
                }
                body.put("table", r.table());
                HqServer.json(ctx, 200, body);
            } else {
                HqServer.json(ctx, 200, r.json());
            }
        });
    }

    /** {@code format=csv|json} decides; without it an {@code Accept} naming text/csv (and not JSON first) does. */
    private static boolean csv(Context ctx) {
        String format = ctx.queryParam("format");
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw new HqApiException(400, "invalid-format", "format must be json, csv or table, was '"
                        + format + "'");
            };
        }
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/csv")
                && (!accept.contains("application/json") || accept.indexOf("text/csv") < accept.indexOf("application/json"));
    }
}

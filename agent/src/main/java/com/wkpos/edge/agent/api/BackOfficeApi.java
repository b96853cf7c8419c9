package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.backoffice.BackOffice;
import com.wkpos.edge.agent.backoffice.BackOfficeReports;
import com.wkpos.edge.agent.backoffice.ReportFormats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Map;

/**
 * The back office on the LAN API: service jobs, their adjustments and payments, customers' accounts, expenses
 * and their reversals, and the reports ({@code GET /api/v1/reports/{name}} as JSON, or CSV, XLSX or PDF by
 * {@code format=} or {@code Accept}). Every write needs a staff session.
 */
public final class BackOfficeApi implements ApiModule {
    private static final int MAX_EXPENSES = 500;
    private final BackOffice office;
    private final BackOfficeReports reports;

    public BackOfficeApi(BackOffice office, BackOfficeReports reports) {
        this.office = office;
        this.reports = reports;
    }

    @Override
    public void register(Javalin app) {
        app.post("/api/v1/jobs", ctx -> created(ctx, "/api/v1/jobs/", office.createJob(
                RequestBodies.read(ctx, BackOffice.NewJob.class), Actors.requireStaff(ctx))));
        app.get("/api/v1/jobs", ctx -> {
            String open = ctx.queryParamAsClass("open", String.class).getOrDefault("false");
            if (!open.equals("true") && !open.equals("false")) {
                throw new ApiException(400, "invalid-parameter", "open must be true or false, was '" + open + "'");
            }
            json(ctx, 200, Map.of("jobs", office.jobs(open.equals("true"), ctx.queryParam("customer"),
                    LanApi.intParam(ctx, "limit", 100, 1, 500))));
        });
        app.get("/api/v1/jobs/{id}/history", ctx -> json(ctx, 200, office.history(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "unknown-job", "no job with id " + ctx.pathParam("id")))));
        app.get("/api/v1/jobs/{id}", ctx -> json(ctx, 200, office.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "unknown-job", "no job with id " + ctx.pathParam("id")))));
        app.post("/api/v1/jobs/{id}/adjustments", ctx -> json(ctx, 201, office.adjust(ctx.pathParam("id"),
                RequestBodies.read(ctx, BackOffice.Adjustment.class), Actors.requireStaff(ctx))));
        app.post("/api/v1/jobs/{id}/payments", ctx -> json(ctx, 201, office.pay(ctx.pathParam("id"),
                RequestBodies.read(ctx, BackOffice.NewPayment.class), Actors.requireStaff(ctx))));
        app.post("/api/v1/jobs/{id}/payments/{paymentId}/reversal", ctx -> json(ctx, 201, office.reversePayment(
                ctx.pathParam("id"), ctx.pathParam("paymentId"), RequestBodies.read(ctx, BackOffice.Reversal.class),
                Actors.requireStaff(ctx))));
        app.get("/api/v1/customers/{id}/account", ctx -> json(ctx, 200, office.account(ctx.pathParam("id"))
                .orElseThrow(() -> new ApiException(404, "unknown-customer", "no customer with id " + ctx.pathParam("id")))));
        app.post("/api/v1/expenses", ctx -> created(ctx, "/api/v1/expenses/", office.expense(
                RequestBodies.read(ctx, BackOffice.NewExpense.class), Actors.requireStaff(ctx))));
        app.get("/api/v1/expenses", ctx -> {
            BackOfficeReports.Query q = reports.query("daily", ctx.queryParam("from"), ctx.queryParam("to"), null);
            json(ctx, 200, Map.of("from", q.from().toString(), "to", q.to().toString(), "expenses",
                    office.expenses(q.from(), q.to(), MAX_EXPENSES)));
        });
        app.get("/api/v1/expenses/{id}", ctx -> json(ctx, 200, office.findExpense(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "not-found", "no expense with id " + ctx.pathParam("id")))));
        app.post("/api/v1/expenses/{id}/reversal", ctx -> json(ctx, 201, office.reverse(ctx.pathParam("id"),
                RequestBodies.read(ctx, BackOffice.Reversal.class), Actors.requireStaff(ctx))));
        app.get("/api/v1/reports/{name}", this::report);
    }

    private void report(Context ctx) {
        String name = ctx.pathParam("name");
        // "table": the report as the table its files are made from, in JSON, for a screen to show
        boolean table = "table".equals(ctx.queryParam("format"));
        ReportFormats.Format format = table ? ReportFormats.Format.JSON : format(ctx);
        BackOfficeReports.Report report = reports.run(reports.query(name, ctx.queryParam("from"), ctx.queryParam("to"),
                ctx.queryParam("customer")));
        if (table) {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("report", name);
            body.put("from", report.json().get("from"));
            body.put("to", report.json().get("to"));
            body.put("table", report.table());
            json(ctx, 200, body);
            return;
        }
        if (format == ReportFormats.Format.JSON) {
            json(ctx, 200, report.json());
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFormats.write(report.table(), format, out);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "-" + report.json().get("from") + "-"
                + report.json().get("to") + "." + format.extension() + "\"");
        ctx.status(200).contentType(format.contentType()).result(out.toByteArray());
    }

    /** {@code format=} wins over {@code Accept}; without either, JSON. */
    static ReportFormats.Format format(Context ctx) {
        String f = ctx.queryParam("format");
        if (f != null) {
            try {
                return ReportFormats.Format.valueOf(f.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid-parameter", "format must be json, table, csv, xlsx or pdf, was '" + f + "'");
            }
        }
        String accept = String.valueOf(ctx.header("Accept"));
        for (ReportFormats.Format each : ReportFormats.Format.values()) {
            if (each != ReportFormats.Format.JSON && accept.contains(each.contentType().split(";")[0])) {
                return each;
            }
        }
        return ReportFormats.Format.JSON;
    }

    private static void created(Context ctx, String base, Object body) {
        String id = body instanceof BackOffice.Job j ? j.id() : body instanceof BackOffice.Expense e ? e.id() : null;
        if (id != null) {
            ctx.header("Location", base + id);
        }
        json(ctx, 201, body);
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-backoffice.json";
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

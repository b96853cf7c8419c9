package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalInput;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.refund.Exchanges;
import com.wkpos.edge.agent.refund.RefundView;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.ParkedSales;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.shift.Shifts;
import com.wkpos.edge.agent.staff.Staff;
import com.wkpos.edge.agent.staff.StaffMember;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The till's part of the LAN API: staff log-in, shifts and drawer cash, X/Z reports and the trial
 * balance, approvals, gift cards and customers. Till actions need a staff session ({@code X-WK-Staff}).
 */
public final class TillApi implements ApiModule {
    record Login(String staffId, String pin) {
    }

    record OpenShift(Long openingFloat) {
    }

    record CloseShift(Long counted) {
    }

    record CashMove(String direction, Long amount, String reason, ApprovalInput approval) {
    }

    record NoSale(String reason, ApprovalInput approval) {
    }

    record ApprovalRequest(String action, String subject, Long amount, String reason) {
    }

    record Decision(String reason) {
    }

    record GiftCard(String code, Long amount) {
    }

    record Redeem(Long points) {
    }

    record VoidSale(String reason, ApprovalInput approval) {
    }

    record Cancel(String reason) {
    }

    private final Staff staff;
    private final Shifts shifts;
    private final Approvals approvals;
    private final GiftCards giftCards;
    private final Customers customers;
    private final Journal journal;
    private final Refunds refunds;
    private final ParkedSales parked;

    private final Exchanges exchanges;

    public TillApi(Staff staff, Shifts shifts, Approvals approvals, GiftCards giftCards, Customers customers,
                   Journal journal, Refunds refunds, Exchanges exchanges, ParkedSales parked) {
        this.refunds = refunds;
        this.exchanges = exchanges;
        this.parked = parked;
        this.staff = staff;
        this.shifts = shifts;
        this.approvals = approvals;
        this.giftCards = giftCards;
        this.customers = customers;
        this.journal = journal;
    }

    @Override
    public void register(Javalin app) {
        app.before("/api/v1/*", ctx -> {
            String token = ctx.header(Staff.HEADER);
            if (token != null) {
                StaffMember member = staff.session(token).map(Staff.Session::member).orElseThrow(() -> new Refused(
                        Refused.Kind.UNAUTHENTICATED, "session-expired", "the X-WK-Staff session is unknown or expired;"
                        + " log in again"));
                ctx.attribute(Actors.STAFF, member);
            }
        });
        app.post("/api/v1/staff/login", this::login);
        app.post("/api/v1/staff/logout", ctx -> {
            Actors.requireStaff(ctx);
            staff.logout(ctx.header(Staff.HEADER));
            ctx.status(204);
        });
        app.post("/api/v1/shifts", ctx -> json(ctx, 201, shifts.open(Actors.requireStaff(ctx),
                required(RequestBodies.read(ctx, OpenShift.class).openingFloat(), "openingFloat"))));
        app.get("/api/v1/shifts", ctx -> json(ctx, 200, Map.of("shifts", shifts.openShifts())));
        app.get("/api/v1/shifts/{id}", ctx -> json(ctx, 200, shifts.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "not-found", "no shift with id " + ctx.pathParam("id")))));
        app.post("/api/v1/shifts/{id}/close", ctx -> json(ctx, 200, shifts.close(Actors.requireStaff(ctx),
                ctx.pathParam("id"), required(RequestBodies.read(ctx, CloseShift.class).counted(), "counted"))));
        app.post("/api/v1/cash-moves", this::moveCash);
        app.post("/api/v1/drawer/open", ctx -> {
            NoSale body = RequestBodies.read(ctx, NoSale.class);
            shifts.noSale(Actors.requireStaff(ctx), body.reason(), body.approval(), Actors.origin(ctx));
            json(ctx, 202, Map.of("drawer", "opening"));
        });
        app.get("/api/v1/reports/x", ctx -> {
            Actors.requireStaff(ctx);
            json(ctx, 200, shifts.x());
        });
        app.post("/api/v1/reports/z", ctx -> json(ctx, 201, shifts.z(Actors.requireStaff(ctx))));
        app.post("/api/v1/reports/x/print", ctx -> json(ctx, 202, shifts.printX(Actors.requireStaff(ctx))));
        app.get("/api/v1/reports/z/{no}", ctx -> json(ctx, 200, shifts.zReport(zNo(ctx)).orElseThrow(
                () -> new ApiException(404, "not-found", "no Z report " + zNo(ctx)))));
        app.post("/api/v1/reports/z/{no}/print", ctx -> json(ctx, 202, Map.of("zNo", zNo(ctx), "printJobId",
                shifts.reprintZ(Actors.requireStaff(ctx), zNo(ctx)))));
        app.get("/api/v1/reports/trial-balance", this::trialBalance);
        app.post("/api/v1/approvals", this::requestApproval);
        app.get("/api/v1/approvals/{id}", ctx -> json(ctx, 200, approvals.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "not-found", "no approval with id " + ctx.pathParam("id")))));
        app.post("/api/v1/approvals/{id}/approve", ctx -> decide(ctx, true));
        app.post("/api/v1/approvals/{id}/reject", ctx -> decide(ctx, false));
        app.post("/api/v1/gift-cards", ctx -> {
            StaffMember member = Actors.requireStaff(ctx);
            GiftCard body = RequestBodies.read(ctx, GiftCard.class);
            json(ctx, 201, giftCards.issue(body.code(), required(body.amount(), "amount"), member.actor(), member.id()));
        });
        app.get("/api/v1/gift-cards/{code}", ctx -> json(ctx, 200, giftCards.find(ctx.pathParam("code")).orElseThrow(
                () -> new ApiException(404, "not-found", "no gift card " + ctx.pathParam("code")))));
        app.post("/api/v1/customers", ctx -> json(ctx, 201, customers.create(
                RequestBodies.read(ctx, Customers.Details.class), Actors.actor(ctx))));
        app.put("/api/v1/customers/{id}", ctx -> json(ctx, 200, customers.update(ctx.pathParam("id"),
                RequestBodies.read(ctx, Customers.Details.class), Actors.actor(ctx))));
        app.get("/api/v1/customers", ctx -> {
            String q = ctx.queryParam("q");
            if (q != null && q.length() > 100) {
                throw new ApiException(400, "invalid-parameter", "q must be at most 100 characters");
            }
            json(ctx, 200, Map.of("customers", customers.search(q, LanApi.intParam(ctx, "limit", 50, 1, 200))));
        });
        app.get("/api/v1/customers/{id}", ctx -> json(ctx, 200, customers.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "not-found", "no customer with id " + ctx.pathParam("id")))));
        app.post("/api/v1/sales/{id}/refunds", this::refund);
        app.post("/api/v1/sales/{id}/refunds/quote", ctx -> {
            Actors.requireStaff(ctx);
            json(ctx, 200, refunds.quote(ctx.pathParam("id"), RequestBodies.read(ctx, Refunds.Request.class).lines()));
        });
        app.post("/api/v1/sales/{id}/exchange", this::exchange);
        app.get("/api/v1/sales/{id}/refunds", ctx -> json(ctx, 200, Map.of("refunds",
                refunds.forSale(ctx.pathParam("id")))));
        app.post("/api/v1/sales/{id}/void", this::voidSale);
        app.get("/api/v1/parked-sales", ctx -> json(ctx, 200, Map.of("parkedSales", parked.open())));
        app.post("/api/v1/sales/{id}/cancel", ctx -> {
            StaffMember member = Actors.requireStaff(ctx);
            String reason = ctx.contentLength() > 0 ? RequestBodies.read(ctx, Cancel.class).reason() : null;
            json(ctx, 200, parked.cancel(ctx.pathParam("id"), reason, member.actor()));
        });
        app.get("/api/v1/refunds/{id}", ctx -> json(ctx, 200, refunds.find(ctx.pathParam("id")).orElseThrow(
                () -> new ApiException(404, "not-found", "no refund with id " + ctx.pathParam("id")))));
        app.post("/api/v1/customers/{id}/redeem", ctx -> json(ctx, 200, customers.redeem(ctx.pathParam("id"),
                required(RequestBodies.read(ctx, Redeem.class).points(), "points"), Actors.requireStaff(ctx).actor())));
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-till.json";
    }

    @Override
    public void health(Map<String, Object> body) {
        body.put("till", Map.of("openShifts", shifts.openShifts().size(), "staff", staff.directory().users().size(),
                "staffVersion", staff.directory().version()));
    }

    /** The till on the status page: open shifts with their expected cash, and the turnover since the last Z. */
    @Override
    public String statusHtml(LocalTimes local) {
        StringBuilder rows = new StringBuilder();
        for (Shifts.View s : shifts.openShifts()) {
            rows.append("<tr><th>").append(StatusPage.esc(s.staffId())).append("</th><td>open since ")
                    .append(local.of(s.openedAt())).append(", expected cash ")
                    .append(StatusPage.money(s.expected())).append("</td></tr>");
        }
        if (rows.isEmpty()) {
            rows.append("<tr><th>Shifts</th><td class=\"bad\">none open: selling waits for a shift</td></tr>");
        }
        Object totals = shifts.x().get("totals");
        Object turnover = totals instanceof Map<?, ?> t ? t.get("turnover") : null;
        return "<h2>Till</h2><table>" + rows + "<tr><th>Turnover since the last Z</th><td>"
                + (turnover instanceof Number n ? StatusPage.money(n.longValue()) : "—") + "</td></tr></table>";
    }

    private void login(Context ctx) {
        Login body = RequestBodies.read(ctx, Login.class);
        if (body.staffId() == null || body.pin() == null) {
            throw new ApiException(400, "invalid-field", "staffId and pin are required");
        }
        Staff.Session s = staff.login(body.staffId(), body.pin(), Actors.origin(ctx));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", s.token());
        out.put("staffId", s.member().id());
        out.put("name", s.member().name());
        out.put("role", s.member().role());
        out.put("header", Staff.HEADER);
        json(ctx, 201, out);
    }

    private void moveCash(Context ctx) {
        StaffMember member = Actors.requireStaff(ctx);
        CashMove body = RequestBodies.read(ctx, CashMove.class);
        if (!"IN".equals(body.direction()) && !"OUT".equals(body.direction())) {
            throw new ApiException(400, "invalid-field", "direction must be IN or OUT, was " + body.direction());
        }
        json(ctx, 201, shifts.moveCash(member, body.direction().equals("IN"), required(body.amount(), "amount"),
                body.reason(), body.approval(), Actors.origin(ctx), ctx.header("Idempotency-Key")));
    }

    private void refund(Context ctx) {
        StaffMember member = Actors.requireStaff(ctx);
        Refunds.Request body = RequestBodies.read(ctx, Refunds.Request.class);
        RefundView done = refunds.refund(ctx.pathParam("id"), body, ctx.header("Idempotency-Key"), member.actor(),
                member.id(), Actors.origin(ctx));
        ctx.header("Location", "/api/v1/refunds/" + done.id());
        json(ctx, 201, done);
    }

    private void exchange(Context ctx) {
        StaffMember member = Actors.requireStaff(ctx);
        Exchanges.Request body = RequestBodies.read(ctx, Exchanges.Request.class);
        Exchanges.Done done = exchanges.exchange(ctx.pathParam("id"), body, ctx.header("Idempotency-Key"),
                new Cashier(member.actor(), member.id(), member.name()), Actors.origin(ctx));
        ctx.header("Location", "/api/v1/sales/" + done.sale().id());
        json(ctx, done.replayed() ? 200 : 201, done);
    }

    private void voidSale(Context ctx) {
        StaffMember member = Actors.requireStaff(ctx);
        VoidSale body = RequestBodies.read(ctx, VoidSale.class);
        RefundView done = refunds.voidSale(ctx.pathParam("id"), body.reason(), body.approval(),
                ctx.header("Idempotency-Key"), member.actor(), member.id(), Actors.origin(ctx));
        ctx.header("Location", "/api/v1/refunds/" + done.id());
        json(ctx, 201, done);
    }

    private static long zNo(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("no"));
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid-parameter", "Z number must be an integer");
        }
    }

    private void trialBalance(Context ctx) {
        List<Ledger.AccountBalance> accounts = journal.read(Ledger::trialBalance);
        long debit = accounts.stream().mapToLong(Ledger.AccountBalance::debit).sum();
        long credit = accounts.stream().mapToLong(Ledger.AccountBalance::credit).sum();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accounts", accounts);
        out.put("debit", debit);
        out.put("credit", credit);
        out.put("balanced", debit == credit);
        json(ctx, 200, out);
    }

    private void requestApproval(Context ctx) {
        StaffMember member = Actors.requireStaff(ctx);
        ApprovalRequest body = RequestBodies.read(ctx, ApprovalRequest.class);
        Action action;
        try {
            action = Action.valueOf(String.valueOf(body.action()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid-field", "action must be one of " + List.of(Action.values()));
        }
        json(ctx, 201, approvals.request(action, body.subject(), required(body.amount(), "amount"), body.reason(), member));
    }

    private void decide(Context ctx, boolean approve) {
        StaffMember member = Actors.requireStaff(ctx);
        String reason = approve && ctx.body().isBlank() ? null : RequestBodies.read(ctx, Decision.class).reason();
        json(ctx, 200, approvals.decide(ctx.pathParam("id"), member, approve, reason));
    }

    private static long required(Long value, String field) {
        if (value == null) {
            throw new ApiException(400, "invalid-field", field + ": is required (an integer)");
        }
        return value;
    }

    private static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }
}

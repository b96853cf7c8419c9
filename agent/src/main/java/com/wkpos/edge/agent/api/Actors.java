package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import io.javalin.http.Context;
import java.util.Optional;

/** Who a request acts as: the logged-in staff member ({@code X-WK-Staff} session), else the screen's address. */
final class Actors {
    static final String STAFF = "wk.staff";

    private Actors() {
    }

    static Optional<StaffMember> staff(Context ctx) {
        return Optional.ofNullable(ctx.attribute(STAFF));
    }

    static StaffMember requireStaff(Context ctx) {
        return staff(ctx).orElseThrow(() -> new Refused(Refused.Kind.UNAUTHENTICATED, "login-required",
                "log in first (POST /api/v1/staff/login) and send the session token as X-WK-Staff"));
    }

    static String actor(Context ctx) {
        return staff(ctx).map(StaffMember::actor).orElse("screen:" + ctx.ip());
    }

    static String origin(Context ctx) {
        return "screen:" + ctx.ip();
    }
}

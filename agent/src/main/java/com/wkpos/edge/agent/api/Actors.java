package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.pairing.Screen;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import io.javalin.http.Context;
import java.util.Optional;

/** Who a request acts as: the logged-in staff member ({@code X-WK-Staff} session), else the paired screen. */
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
        return staff(ctx).map(StaffMember::actor).orElse(origin(ctx));
    }

    /** The paired screen a request came from ({@code screen:<id>}), else its address (pairing itself). */
    static String origin(Context ctx) {
        Screen screen = ctx.attribute(PairingApi.SCREEN);
        return screen != null ? screen.actor() : "screen:" + ctx.ip();
    }
}

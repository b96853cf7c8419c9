package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.journal.JournalUnavailableException;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.SaleRejectedException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Every error answer of the LAN API, as RFC 9457 {@code application/problem+json} with a stable
 * {@code type} ({@code urn:wk-edge:problem:<slug>}) and a {@code detail} a developer can act on.
 */
final class Problems {
    static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:wk-edge:problem:";

    private Problems() {
    }

    static void handle(Exception e, Context ctx) {
        switch (e) {
            case ApiException a -> write(ctx, a.status(), a.type(), a.getMessage());
            case SaleRejectedException r -> write(ctx, status(r.reason()), slug(r.reason()), r.getMessage());
            case Refused r -> write(ctx, r.kind().status(), r.type(), r.getMessage(), r.extensions());
            case JournalUnavailableException j -> {
                Logger.error("journal unavailable on {} {}: {}", ctx.method(), ctx.path(), j.getMessage());
                ctx.header("Retry-After", "1");
                write(ctx, 503, "journal-unavailable", "the sale was not recorded: " + j.getMessage());
            }
            case HttpResponseException h -> write(ctx, h.getStatus(), h.getStatus() == 404 ? "not-found"
                    : "http-" + h.getStatus(), h.getStatus() == 404 ? "no such resource: " + ctx.method() + " "
                    + ctx.path() : h.getMessage());
            default -> {
                Logger.error(e, "unexpected failure on {} {}", ctx.method(), ctx.path());
                write(ctx, 500, "internal-error", "an unexpected error occurred; it has been logged on the box");
            }
        }
    }

    static void write(Context ctx, int status, String slug, String detail) {
        write(ctx, status, slug, detail, Map.of());
    }

    static void write(Context ctx, int status, String slug, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", title(slug));
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        body.putAll(extensions);
        ctx.status(status).contentType(CONTENT_TYPE).result(Json.write(body));
    }

    static int status(SaleRejectedException.Reason reason) {
        return switch (reason) {
            case INVALID_REQUEST -> 400;
            case INSUFFICIENT_STOCK, STOCK_CONFLICT -> 409;
            case UNKNOWN_PRODUCT, UNKNOWN_COUPON, PAYMENT_SHORT, UNSUPPORTED_PAYMENT_METHOD, IDEMPOTENCY_KEY_REUSED,
                 CURRENCY_MISMATCH, SPLIT_MISMATCH, UNKNOWN_CURRENCY, GIFT_CARD_BALANCE, STORE_CREDIT_BALANCE,
                 UNKNOWN_CUSTOMER -> 422;
        };
    }

    static String slug(SaleRejectedException.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}

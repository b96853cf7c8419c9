package com.wkpos.edge.agent.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The box's own pages: the reference POS screen at {@code /pos/} and the back office at
 * {@code /backoffice/}, each one page with its script and style, served without a token because they
 * hold no data (ADR 011). A page pairs itself with a code (the back office through the POS screen's
 * pairing), then calls the LAN API with its bearer token like any other screen. Same-origin, so the
 * events socket's origin check passes, and a strict content security policy lets it run only its own
 * scripts.
 */
public final class PosScreen implements ApiModule {
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private final String page;
    private final Map<String, byte[]> files;

    private PosScreen(String page, String... files) {
        this.page = page;
        Map<String, byte[]> read = new java.util.HashMap<>();
        for (String file : files) {
            read.put(file, read(page, file));
        }
        this.files = Map.copyOf(read);
    }

    public static PosScreen pos() {
        return new PosScreen("pos", "index.html", "lan.js", "pos.js", "pos.css");
    }

    /** The back office, which shares the POS screen's script for calling the box and its style. */
    public static PosScreen backOffice() {
        return new PosScreen("backoffice", "index.html", "backoffice.js", "stock.js", "orders.js", "backoffice.css");
    }

    @Override
    public void register(Javalin app) {
        // Javalin ignores a trailing slash: this is /pos and /pos/ (the page names its files absolutely)
        app.get("/" + page + "/", ctx -> serve(ctx, "index.html"));
        app.get("/" + page + "/{file}", ctx -> {
            String file = ctx.pathParam("file");
            if (file.equals("index.html") || !files.containsKey(file)) {
                throw new ApiException(404, "not-found", "no such resource: GET " + ctx.path());
            }
            serve(ctx, file);
        });
    }

    private void serve(Context ctx, String file) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1))).result(files.get(file));
    }

    private static byte[] read(String page, String name) {
        try (InputStream in = PosScreen.class.getResourceAsStream("/" + page + "/" + name)) {
            if (in == null) {
                throw new IllegalStateException("page file " + page + "/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read page file " + page + "/" + name, e);
        }
    }
}

package com.wkpos.edge.agent.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The reference POS screen at {@code /pos/}: one page, its script and style, served by the box without
 * a token because they hold no data (ADR 011). The page pairs itself with a code, then calls the LAN API
 * with its bearer token like any other screen. Same-origin, so the events socket's origin check passes,
 * and a strict content security policy lets it run only its own script.
 */
public final class PosScreen implements ApiModule {
    private static final Map<String, String> TYPES = Map.of("index.html", "text/html; charset=utf-8",
            "pos.js", "text/javascript; charset=utf-8", "pos.css", "text/css; charset=utf-8");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private final Map<String, byte[]> files;

    public PosScreen() {
        this.files = Map.of("index.html", read("index.html"), "pos.js", read("pos.js"), "pos.css", read("pos.css"));
    }

    @Override
    public void register(Javalin app) {
        // Javalin ignores a trailing slash: this is /pos and /pos/ (the page names its files absolutely)
        app.get("/pos/", ctx -> serve(ctx, "index.html"));
        app.get("/pos/{file}", ctx -> {
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
        ctx.contentType(TYPES.get(file)).result(files.get(file));
    }

    private static byte[] read(String name) {
        try (InputStream in = PosScreen.class.getResourceAsStream("/pos/" + name)) {
            if (in == null) {
                throw new IllegalStateException("POS screen file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read POS screen file " + name, e);
        }
    }
}

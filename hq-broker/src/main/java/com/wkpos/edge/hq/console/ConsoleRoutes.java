package com.wkpos.edge.hq.console;

import com.wkpos.edge.hq.HqRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The HQ console: one static page and its script and style, served at {@code /} and {@code /console/}
 * without the admin token, because they hold no data. The page asks the operator for the token and
 * sends it as a bearer header with every API call it makes (ADR 011), so the API's own protection is
 * the console's. A strict content security policy lets the page run only its own script.
 */
public final class ConsoleRoutes implements HqRoutes {
    /** Only these files are served; anything else under /console/ is a 404 like any unknown path. */
    private static final Map<String, String> FILES = Map.of("console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private final Map<String, byte[]> content;

    public ConsoleRoutes() {
        this.content = Map.of("index.html", read("index.html"), "console.js", read("console.js"),
                "console.css", read("console.css"));
    }

    /** Whether a request reaches the console's files, which need no token. */
    public static boolean open(String method, String path) {
        return method.equals("GET") && (path.equals("/") || path.startsWith("/console/"));
    }

    @Override
    public void register(Javalin app) {
        app.get("/", ctx -> serve(ctx, "index.html", "text/html; charset=utf-8"));
        app.get("/console/{file}", ctx -> {
            String file = ctx.pathParam("file");
            String type = FILES.get(file);
            if (type == null) {
                ctx.status(404);
                return;
            }
            serve(ctx, file, type);
        });
    }

    private void serve(Context ctx, String file, String type) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(type).result(content.get(file));
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console file " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + name, e);
        }
    }
}

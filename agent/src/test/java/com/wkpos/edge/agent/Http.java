package com.wkpos.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.pairing.CodeDrop;
import com.wkpos.edge.agent.tls.BoxCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP/JSON client for tests against a running agent. {@link #paired} pairs for real (a fresh
 * code, {@code POST /api/v1/pairing}) and then sends the screen's bearer token on every request.
 */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    private final String base;
    private final String token;
    private final SSLContext tls;
    private final String staff;

    /** Plain HTTP on loopback, no token: only health, the OpenAPI document and pairing answer. */
    public Http(int port) {
        this(port, null);
    }

    /** Plain HTTP on loopback with a screen's bearer token. */
    public Http(int port, String token) {
        this("http://127.0.0.1:" + port, null, token);
    }

    private Http(String base, SSLContext tls, String token) {
        this(base, tls, token, null);
    }

    private Http(String base, SSLContext tls, String token, String staff) {
        this.staff = staff;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        this.client = (tls == null ? b : b.sslContext(tls)).build();
        this.base = base;
        this.token = token;
        this.tls = tls;
    }

    /** A screen paired with an in-process agent (HTTPS pinned to its certificate, or its loopback HTTP). */
    public static Http paired(Agent agent) throws IOException, InterruptedException {
        Http anonymous = unpaired(agent);
        return anonymous.withToken(anonymous.pair(agent.pairing().issueCode("test").code(), "test screen"));
    }

    /** An unpaired client of an in-process agent, speaking whatever it serves. */
    public static Http unpaired(Agent agent) {
        String url = agent.url("127.0.0.1");
        return new Http(url.substring(0, url.length() - 1), url.startsWith("https")
                ? BoxCertificate.trusting(agent.certificate().certificate()) : null, null);
    }

    /** A screen paired with an agent in another process over loopback HTTP, through the CLI's code drop. */
    public static Http paired(int port, Path stateDir) throws IOException, InterruptedException {
        Http anonymous = new Http(port);
        return anonymous.withToken(anonymous.pair(CodeDrop.issue(stateDir, java.time.Clock.systemUTC()).code(),
                "test screen"));
    }

    /** Pairs with {@code code}; returns the token. */
    public String pair(String code, String name) throws IOException, InterruptedException {
        Response r = post("/api/v1/pairing", JSON.writeValueAsString(java.util.Map.of("code", code, "name", name)), null);
        if (r.status() != 201) {
            throw new AssertionError("pairing failed: " + r.status() + " " + r.body());
        }
        return r.json().get("token").asText();
    }

    public Http withToken(String bearer) {
        return new Http(base, tls, bearer, staff);
    }

    /** The same client sending {@code X-WK-Staff: session} on every request. */
    public Http withStaff(String session) {
        return new Http(base, tls, token, session);
    }

    /**
     * A paired screen with cashier {@code anna} (PIN 1111, of {@code --demo-till}) logged in and a shift open
     * on the till (hers, or whoever's is open), as every sale needs.
     */
    public static Http cashier(Agent agent) throws IOException, InterruptedException {
        return paired(agent).loggedIn("anna", "1111", 10_000);
    }

    /** As {@link #cashier(Agent)} for an agent in another process. */
    public static Http cashier(int port, Path stateDir) throws IOException, InterruptedException {
        return paired(port, stateDir).loggedIn("anna", "1111", 10_000);
    }

    /** Logs {@code staffId} in and opens their shift with {@code openingFloat} unless one is open already. */
    public Http loggedIn(String staffId, String pin, long openingFloat) throws IOException, InterruptedException {
        Http member = login(staffId, pin);
        Response open = member.post("/api/v1/shifts", "{\"openingFloat\":" + openingFloat + "}", null);
        if (open.status() != 201 && !open.body().contains("shift-already-open")) {
            throw new AssertionError("opening a shift failed: " + open.status() + " " + open.body());
        }
        return member;
    }

    /** Logs {@code staffId} in (no shift opened): the same client sending their session as {@code X-WK-Staff}. */
    public Http login(String staffId, String pin) throws IOException, InterruptedException {
        Response login = post("/api/v1/staff/login", "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + pin + "\"}", null);
        if (login.status() != 201) {
            throw new AssertionError("log-in of " + staffId + " failed: " + login.status() + " " + login.body());
        }
        return withStaff(login.json().get("token").asText());
    }

    public String token() {
        return token;
    }

    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    /** A GET answered with bytes (a spreadsheet, a PDF), asking for {@code accept}. */
    public HttpResponse<byte[]> bytes(String path, String accept) throws IOException, InterruptedException {
        return client.send(request(path).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public Response get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    public Response post(String path, String body, String idempotencyKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        return send(b.build());
    }

    public Response put(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/jwt")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Response delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    /** A request to {@code path} carrying the bearer token (if any); add headers and a method. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (staff != null) {
            b.header("X-WK-Staff", staff);
        }
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    public Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return send(request.build());
    }

    private Response send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r);
    }

    /** The {@code ws:} or {@code wss:} URI of a WebSocket path on the same server. */
    public URI wsUri(String path) {
        return URI.create(base.replaceFirst("^http", "ws") + path);
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpClient client() {
        return client;
    }
}

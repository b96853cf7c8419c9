package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.provisioning.HqToken;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The operator's commands against HQ's admin API; each prints HQ's answer or its problem detail. Every
 * request carries the admin token, found as {@link HqToken#resolve} says (ADR 009).
 */
final class HqClient {
    static final String DEFAULT_HQ = "http://127.0.0.1:8090";

    /** HQ's admin API base URL and the bearer token for it. */
    record Target(String url, String token) {
        @Override
        public String toString() {
            return url;
        }
    }

    private HqClient() {
    }

    static int command(List<String> args, PrintStream out, PrintStream err, Function<String, String> env) {
        List<String> positional = new ArrayList<>();
        String url = DEFAULT_HQ;
        String tokenFile = null;
        String stateDir = null;
        String branch = null;
        boolean json = false;
        boolean ifAbsent = false;
        Map<String, String> plan = new LinkedHashMap<>();
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, String> supply = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String a = it.next();
            switch (a) {
                case "--hq" -> url = next(it, a);
                case "--hq-token-file" -> tokenFile = next(it, a);
                case "--hq-state-dir" -> stateDir = next(it, a);
                case "--branch" -> branch = next(it, a);
                case "--all" -> branch = null;
                case "--json" -> json = true;
                case "--if-absent" -> ifAbsent = true;
                case "--plan", "--modules", "--max-devices", "--days", "--offline-days" -> plan.put(a, next(it, a));
                case "--line" -> lines.add(next(it, a));
                case "--supplier", "--note", "--reason", "--status" -> supply.put(a.substring(2), next(it, a));
                case "--from", "--to", "--limit", "--sku", "--zone", "--customer", "--format" ->
                        query.put(a.substring(2), next(it, a));
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    positional.add(a);
                }
            }
        }
        String cmd = String.join(" ", positional.subList(0, Math.min(2, positional.size())));
        Target hq = new Target(url, HqToken.resolve(url, tokenFile, stateDir, env));
        try {
            return switch (cmd) {
                case "price set" -> priceSet(hq, positional, branch, out, err);
                case "catalog import" -> catalogImport(hq, positional, ifAbsent, out, err);
                case "tenant register" -> tenantRegister(hq, positional, plan, out, err);
                case "users set" -> sectionSet(hq, positional, "users", out, err);
                case "rates set" -> sectionSet(hq, positional, "exchangeRates", out, err);
                default -> {
                    Integer supplied = positional.isEmpty() ? null : SupplyClient.run(hq, positional,
                            new SupplyClient.Options(branch, query.get("from"), query.get("to"), supply.get("supplier"),
                                    supply.get("note"), supply.get("reason"), supply.get("status"), lines, json), out, err);
                    if (supplied != null) {
                        yield supplied;
                    }
                    if (positional.equals(List.of("branches"))) {
                        yield branches(hq, json, out, err);
                    }
                    if (positional.equals(List.of("sales"))) {
                        yield HqReports.sales(send(hq, "GET", "/api/v1/sales" + query(branch, query), null),
                                send(hq, "GET", "/api/v1/sales/summary" + query(branch, without(query, "limit")), null),
                                json, out, err);
                    }
                    if (positional.size() == 2 && positional.getFirst().equals("report")) {
                        yield report(hq, positional.get(1), branch, query, json, out, err);
                    }
                    if (positional.equals(List.of("stock"))) {
                        yield HqReports.stock(send(hq, "GET", "/api/v1/stock" + query(branch, query), null), json, out, err);
                    }
                    throw new IllegalArgumentException("unknown hq command: " + String.join(" ", positional));
                }
            };
        } catch (IOException e) {
            err.println("wk-edge hq: HQ at " + hq + " unreachable: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int priceSet(Target hq, List<String> p, String branch, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (p.size() != 4) {
            throw new IllegalArgumentException("price set takes SKU AMOUNT (minor units)");
        }
        long amount;
        try {
            amount = Long.parseLong(p.get(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("AMOUNT must be an integer of minor units (cents), was " + p.get(3));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sku", p.get(2));
        body.put("amount", amount);
        body.put("branches", branch == null ? List.of() : List.of(branch));
        return print(send(hq, "POST", "/api/v1/prices", SyncCodec.encode(body)), out, err, r ->
                "price of " + p.get(2) + " set to " + amount + (branch == null ? " at all branches" : " at branch " + branch)
                        + ": version " + r.path("version").asLong());
    }

    /**
     * With {@code ifAbsent} the file goes to HQ only while the tenant has no catalog, so that a script run at
     * every start (the demo) seeds a fresh HQ once and never undoes the price changes made there since.
     */
    private static int catalogImport(Target hq, List<String> p, boolean ifAbsent, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (p.size() != 3) {
            throw new IllegalArgumentException("catalog import takes FILE");
        }
        byte[] file = readFile(p.get(2));
        if (ifAbsent) {
            HttpResponse<String> current = send(hq, "GET", "/api/v1/catalog", null);
            if (current.statusCode() == 200) {
                out.println("HQ already has a catalog (version "
                        + SyncCodec.MAPPER.readTree(current.body()).path("version").asLong() + "); " + p.get(2)
                        + " not imported");
                return 0;
            }
            if (current.statusCode() != 404) {
                return print(current, out, err, JsonNode::toString);
            }
        }
        return print(send(hq, "POST", "/api/v1/catalog", file), out, err, r ->
                "catalog " + p.get(2) + " imported: version " + r.path("version").asLong());
    }

    /** Replaces a whole section (users, exchange rates) at every branch with the JSON list in FILE. */
    private static int sectionSet(Target hq, List<String> p, String section, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        if (p.size() != 3) {
            throw new IllegalArgumentException(p.get(0) + " set takes FILE (a JSON list)");
        }
        byte[] file = readFile(p.get(2));
        return print(send(hq, "PUT", "/api/v1/sections/" + section, file), out, err, r ->
                section + " from " + p.get(2) + " published: version " + r.path("version").asLong());
    }

    /** Mints a serial for the plan and registers the tenant with it: the operator's one step for a new customer. */
    private static int tenantRegister(Target hq, List<String> p, Map<String, String> plan, PrintStream out,
                                      PrintStream err) throws IOException, InterruptedException {
        if (p.size() != 3) {
            throw new IllegalArgumentException("tenant register takes TENANT");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", plan.getOrDefault("--plan", "basic"));
        body.put("modules", plan.containsKey("--modules") ? List.of(plan.get("--modules").split(",")) : List.of());
        body.put("maxDevices", integer("--max-devices", plan.getOrDefault("--max-devices", "1")));
        body.put("validDays", integer("--days", plan.getOrDefault("--days", "365")));
        body.put("offlineDays", integer("--offline-days", plan.getOrDefault("--offline-days", "30")));
        HttpResponse<String> minted = send(hq, "POST", "/admin/license/serials", SyncCodec.encode(body));
        if (minted.statusCode() != 201) {
            return print(minted, out, err, JsonNode::toString);
        }
        String serial = SyncCodec.MAPPER.readTree(minted.body()).path("serial").asText();
        return print(send(hq, "POST", "/admin/license/tenants", SyncCodec.encode(Map.of("serial", serial,
                "tenant", p.get(2)))), out, err, r -> "tenant " + p.get(2) + " registered with serial " + serial + " ("
                + body.get("plan") + ", " + body.get("maxDevices") + " device(s)); boxes pin HQ's license-keys.jwks");
    }

    /**
     * {@code report NAME}: HQ's CSV as an aligned table (amounts in minor units), or with {@code --format csv} or
     * {@code --format json} (also {@code --json}) HQ's answer as it came.
     */
    private static int report(Target hq, String name, String branch, Map<String, String> query, boolean json,
                              PrintStream out, PrintStream err) throws IOException, InterruptedException {
        Map<String, String> q = new LinkedHashMap<>(query);
        String format = json ? "json" : q.getOrDefault("format", "table");
        if (!List.of("table", "csv", "json").contains(format)) {
            throw new IllegalArgumentException("--format must be csv or json, was " + format);
        }
        q.put("format", format.equals("json") ? "json" : "csv");
        HttpResponse<String> r = send(hq, "GET", "/api/v1/reports/" + java.net.URLEncoder.encode(name,
                java.nio.charset.StandardCharsets.UTF_8) + query(branch, q), null);
        if (r.statusCode() != 200) {
            return print(r, out, err, JsonNode::toString);
        }
        if (format.equals("table")) {
            HqReports.table(name, r.body(), out);
        } else {
            out.print(r.body().endsWith("\n") ? r.body() : r.body() + "\n");
        }
        return 0;
    }

    private static int integer(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be an integer, was " + value);
        }
    }

    private static int branches(Target hq, boolean json, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        HttpResponse<String> r = send(hq, "GET", "/api/v1/branches", null);
        if (json || r.statusCode() != 200) {
            return print(r, out, err, JsonNode::toString);
        }
        JsonNode body = SyncCodec.MAPPER.readTree(r.body());
        out.printf("%-10s %-12s %-8s %-24s %10s %8s %8s %8s%n", "TENANT", "BRANCH", "ONLINE", "LAST HEARTBEAT",
                "ACKED SEQ", "BACKLOG", "LAG s", "SUPPLY");
        for (JsonNode b : body.path("branches")) {
            out.printf("%-10s %-12s %-8s %-24s %10d %8d %8d %8d%n", b.path("tenant").asText(), b.path("branch").asText(),
                    b.path("online").asBoolean() ? "yes" : "NO", b.path("lastHeartbeat").asText("-"),
                    b.path("ackedSeq").asLong(), b.path("backlog").asLong(), b.path("lagSeconds").asLong(),
                    b.path("supplyPending").asLong());
        }
        return 0;
    }

    /** {@code ?branch=…&from=…}: the options given, URL-encoded, in the order given. */
    private static String query(String branch, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>();
        if (branch != null) {
            all.put("branch", branch);
        }
        all.putAll(params);
        StringBuilder q = new StringBuilder();
        all.forEach((k, v) -> q.append(q.isEmpty() ? "?" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
        return q.toString();
    }

    private static Map<String, String> without(Map<String, String> params, String key) {
        Map<String, String> out = new LinkedHashMap<>(params);
        out.remove(key);
        return out;
    }

    static int print(HttpResponse<String> r, PrintStream out, PrintStream err,
                             java.util.function.Function<JsonNode, String> ok) throws IOException {
        JsonNode body = r.body().isEmpty() ? SyncCodec.MAPPER.createObjectNode() : SyncCodec.MAPPER.readTree(r.body());
        if (r.statusCode() / 100 == 2) {
            out.println(ok.apply(body));
            return 0;
        }
        err.println("wk-edge hq: HQ refused (" + r.statusCode() + "): " + body.path("detail").asText(r.body()));
        return 1;
    }

    static HttpResponse<String> send(Target hq, String method, String path, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(hq.url().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + hq.token())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A file the operator named: one that cannot be read is a usage error, not an unreachable HQ. */
    private static byte[] readFile(String name) {
        try {
            return Files.readAllBytes(Path.of(name));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + name);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static String next(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return it.next();
    }
}

package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LAN API keeps to its OpenAPI document, checked with a JSON Schema validator against a real agent: a
 * tour of the till's usual calls answers as documented, and every documented operation, sent bodies that
 * are empty, not JSON, of the wrong shape, with fields of the wrong type or at their extremes (and nonsense
 * path and query parameters), answers a documented 4xx problem — never a 5xx.
 */
class OpenApiConformanceIT {
    @TempDir
    Path dir;

    @Test
    void everyAnswerIsDocumentedAndNoInputMakesA5xx() throws Exception {
        List<String> violations = new ArrayList<>();
        try (Agent agent = startBox()) {
            Http maria = Http.paired(agent).loggedIn("maria", "9999", 10_000);
            OpenApiContract contract = new OpenApiContract(maria.get("/api/v1/openapi.json").json());
            Caller call = new Caller(maria, contract, violations);
            tour(call);
            int sent = 0;
            for (OpenApiContract.Operation op : contract.operations()) {
                if (op.template().equals("/api/v1/staff/logout")) {
                    continue;
                }
                for (String path : paths(op)) {
                    if (op.requestSchema() == null) {
                        call.send(op.method(), path, op.method().equals("GET") ? null : "");
                        sent++;
                        continue;
                    }
                    for (String body : Garbage.bodies(op.requestSchema())) {
                        call.send(op.method(), path, body);
                        sent++;
                    }
                }
            }
            assertThat(sent).as("requests of bad input").isGreaterThan(1000);
            call.send("POST", "/api/v1/staff/logout", "");
        }
        java.nio.file.Files.write(Path.of("target/openapi-violations.txt"),
                String.join("\n", violations).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(violations).as(violations.size() + " answers differ from the OpenAPI document (all of them in"
                + " target/openapi-violations.txt)").isEmpty();
        JournalVerifier.Report report = Agent.verifier().verify(dir.resolve("state"));
        assertThat(report.findings()).isEmpty();
    }

    /** The till's usual calls, each answer checked: a sale, its refund and exchange, stock, customers, reports. */
    private static void tour(Caller call) throws Exception {
        call.send("GET", "/api/v1/health", null);
        call.send("GET", "/api/v1/products?q=coffee", null);
        call.send("GET", "/api/v1/products/by-barcode/4006381333931", null);
        call.send("GET", "/api/v1/stock/COF-250", null);
        call.send("GET", "/api/v1/stock?low=true", null);
        call.send("GET", "/api/v1/stock/COF-250/movements", null);
        call.send("GET", "/api/v1/stock/reorder?days=28&leadDays=7", null);
        call.send("POST", "/api/v1/sales/quote", "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":2}]}");
        JsonNode sale = call.send("POST", "/api/v1/sales", "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":3},{\"sku\":"
                + "\"BAK-CRO\",\"qty\":1}],\"payments\":[{\"method\":\"CASH\",\"amount\":5000}]}").json();
        String id = sale.get("id").asText();
        call.send("GET", "/api/v1/sales/" + id, null);
        call.send("GET", "/api/v1/sales/" + id + "/receipts", null);
        call.send("POST", "/api/v1/sales/" + id + "/receipt", "");
        call.send("POST", "/api/v1/sales/" + id + "/refunds/quote", "{\"lines\":[{\"lineNo\":1,\"qty\":1}]}");
        JsonNode refund = call.send("POST", "/api/v1/sales/" + id + "/refunds", "{\"lines\":[{\"lineNo\":1,\"qty\":1}],"
                + "\"reason\":\"broken\"}").json();
        call.send("GET", "/api/v1/refunds/" + refund.get("id").asText(), null);
        call.send("GET", "/api/v1/sales/" + id + "/refunds", null);
        call.send("POST", "/api/v1/sales/" + id + "/exchange", "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":"
                + "\"size\",\"lines\":[{\"sku\":\"COF-500\",\"qty\":1}],\"payments\":[{\"method\":\"CASH\",\"amount\":2000}]}");
        JsonNode customer = call.send("POST", "/api/v1/customers", "{\"name\":\"Erika Muster\"}").json();
        call.send("GET", "/api/v1/customers?q=erika", null);
        call.send("GET", "/api/v1/customers/" + customer.get("id").asText(), null);
        call.send("GET", "/api/v1/customers/" + customer.get("id").asText() + "/account", null);
        call.send("POST", "/api/v1/gift-cards", "{\"code\":\"GIFT-4711\",\"amount\":2500}");
        call.send("GET", "/api/v1/gift-cards/GIFT-4711", null);
        call.send("POST", "/api/v1/stock/movements", "{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"PURCHASE\","
                + "\"sku\":\"COF-250\",\"qty\":5}");
        JsonNode held = call.send("POST", "/api/v1/stock/reservations", "{\"sku\":\"COF-500\",\"qty\":1,"
                + "\"reference\":\"WEB-1\"}").json();
        call.send("GET", "/api/v1/stock/reservations", null);
        call.send("POST", "/api/v1/stock/reservations/" + held.path("reservation").path("id").asText(held.path("id")
                .asText()) + "/release", "{\"reason\":\"cancelled\"}");
        call.send("POST", "/api/v1/cash-moves", "{\"direction\":\"OUT\",\"amount\":500,\"reason\":\"bank\"}");
        call.send("GET", "/api/v1/shifts", null);
        call.send("GET", "/api/v1/reports/x", null);
        call.send("GET", "/api/v1/reports/trial-balance", null);
        call.send("GET", "/api/v1/parked-sales", null);
        call.send("GET", "/api/v1/transfers", null);
        call.send("GET", "/api/v1/purchase-orders", null);
        call.send("GET", "/api/v1/sync", null);
        call.send("GET", "/api/v1/license", null);
        call.send("GET", "/api/v1/screens", null);
        call.send("GET", "/api/v1/jobs", null);
        call.send("GET", "/api/v1/expenses", null);
    }

    /** The operation's path with its parameters as nonsense, and with junk in the query of a GET. */
    private static List<String> paths(OpenApiContract.Operation op) {
        Set<String> out = new LinkedHashSet<>();
        out.add(op.template().replaceAll("\\{[^}]+}", "nope"));
        out.add(op.template().replaceAll("\\{[^}]+}", "1"));
        if (op.method().equals("GET")) {
            String p = op.template().replaceAll("\\{[^}]+}", "COF-250");
            out.add(p);
            out.add(p + "?limit=-1&days=0&from=yesterday&to=x&low=maybe&q=" + "%25".repeat(50));
            out.add(p + "?limit=99999999999999999999&leadDays=abc&branch=%00&sku=&format=nope");
        }
        return List.copyOf(out);
    }

    /** Sends requests as the manager, each with a new Idempotency-Key, and records what breaks the contract. */
    private record Caller(Http http, OpenApiContract contract, List<String> violations) {
        Http.Response send(String method, String path, String body) throws Exception {
            HttpRequest.Builder b = http.request(path).header("Idempotency-Key", UUID.randomUUID().toString())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            Http.Response r = http.send(b);
            if (r.status() >= 500) {
                violations.add(method + " " + path + " " + OpenApiContract.abbreviate(body) + " → " + r.status() + ": "
                        + OpenApiContract.abbreviate(r.body()));
            }
            violations.addAll(contract.check(method, path, r));
            return r;
        }
    }

    /** A licensed box with the demo catalog, staff and till rules and a simulator for every device. */
    private Agent startBox() {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        return Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till"))), Clock.systemUTC());
    }
}

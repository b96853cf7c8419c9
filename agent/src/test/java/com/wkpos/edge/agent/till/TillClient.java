package com.wkpos.edge.agent.till;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Talks to a running agent's till API the way a POS screen does, with a staff session and idempotency keys. */
final class TillClient {
    private final Agent agent;
    private final Http http;

    TillClient(Agent agent) throws Exception {
        this.agent = agent;
        this.http = Http.paired(agent);
    }

    String login(String id, String pin) throws Exception {
        return ok("POST", "/api/v1/staff/login", "{\"staffId\":\"" + id + "\",\"pin\":\"" + pin + "\"}", null, 201)
                .get("token").asText();
    }

    /** Opens {@code staff}'s shift with {@code openingFloat} unless they have one open already (kept over a restart). */
    void openShift(String staff, long openingFloat) throws Exception {
        HttpResponse<String> r = send("POST", "/api/v1/shifts", "{\"openingFloat\":" + openingFloat + "}", staff, null);
        assertThat(r.statusCode() == 201 || r.body().contains("shift-already-open")).as(r.body()).isTrue();
    }

    JsonNode ok(String method, String path, String body, String staff, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body, staff, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return Http.JSON.readTree(r.body());
    }

    /** Asserts the refusal's status and problem type, and that no journal entry (but the print worker's) was written. */
    void refusedWritesNothing(String what, String method, String path, String body, String staff, int status,
                              String type) throws Exception {
        long before = tillEntries();
        HttpResponse<String> r = send(method, path, body, staff, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(Http.JSON.readTree(r.body()).get("type").asText()).as(what).isEqualTo("urn:wk-edge:problem:" + type);
        assertThat(tillEntries()).as(what + " writes nothing").isEqualTo(before);
    }

    /** Journal entries other than the print worker's, which prints receipts in the background. */
    long tillEntries() {
        return agent.journal().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM journal WHERE type NOT LIKE 'print.%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    long linesTotal(String sku, long qty) throws Exception {
        JsonNode q = ok("POST", "/api/v1/sales/quote", "{\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}]}",
                null, 200);
        long sum = 0;
        for (JsonNode l : q.get("lines")) {
            sum += l.get("total").asLong();
        }
        return sum;
    }

    /** Waits (bounded) for a printout on the simulated receipt printer that contains {@code marker}. */
    String awaitPrinted(String marker) throws Exception {
        PrinterSimulator sim = agent.drivers().printerSimulator();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<String> printed = sim.receipts();
            for (String text : printed) {
                if (text.contains(marker)) {
                    return text;
                }
            }
            sim.awaitReceipts(printed.size() + 1, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** An amount as the receipt prints it: {@code 12,34 €}, {@code -0,50 €}. */
    static String money(long minor) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + abs / 100 + "," + (abs % 100 < 10 ? "0" : "") + abs % 100 + " €";
    }

    static long balance(JsonNode tb, String account) {
        for (JsonNode a : tb.get("accounts")) {
            if (a.get("account").asText().equals(account)) {
                return a.get("balance").asLong();
            }
        }
        return 0;
    }

    static String saleWith(String sku, long qty, String payments, String customer) {
        return "{\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}],\"payments\":[" + payments + "]"
                + (customer == null ? "" : ",\"customerId\":\"" + customer + "\"") + "}";
    }

    HttpResponse<String> send(String method, String path, String body, String staff, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.uri(path).toString()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (staff != null) {
            b.header("X-WK-Staff", staff);
        }
        b.header("Authorization", "Bearer " + http.token());
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

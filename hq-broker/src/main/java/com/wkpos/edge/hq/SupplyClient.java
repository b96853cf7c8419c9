package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code hq transfer …}, {@code hq transfers}, {@code hq po …} and {@code hq pos}: transfers and purchase orders
 * through HQ's admin API (ADR 013), printed as tables, or with {@code --json} as HQ answered. 0 ok, 1 refused by
 * HQ; a malformed {@code --line} is a usage error.
 */
final class SupplyClient {
    /** The options the supply commands take besides the common ones. */
    record Options(String branch, String from, String to, String supplier, String note, String reason, String status,
                   List<String> lines, boolean json) {
    }

    private SupplyClient() {
    }

    /** Runs {@code p} (the positional words) if it is a supply command; null when it is not one. */
    static Integer run(HqClient.Target hq, List<String> p, Options o, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        String what = p.getFirst();
        if (p.size() == 1 && (what.equals("transfers") || what.equals("pos"))) {
            String path = what.equals("transfers") ? "/api/v1/transfers" : "/api/v1/purchase-orders";
            return list(HqClient.send(hq, "GET", path + query(o), null), what.equals("transfers"), o.json(), out, err);
        }
        if (p.size() < 2 || !(what.equals("transfer") || what.equals("po"))) {
            return null;
        }
        boolean transfer = what.equals("transfer");
        String base = transfer ? "/api/v1/transfers" : "/api/v1/purchase-orders";
        String verb = p.get(1);
        if (verb.equals("create") && p.size() == 2) {
            Map<String, Object> body = new LinkedHashMap<>();
            if (transfer) {
                body.put("from", required(o.from(), "--from"));
                body.put("to", required(o.to(), "--to"));
            } else {
                body.put("branch", required(o.branch(), "--branch"));
                body.put("supplier", required(o.supplier(), "--supplier"));
            }
            body.put("lines", lines(o.lines()));
            body.put("note", o.note());
            return show(HqClient.send(hq, "POST", base, SyncCodec.encode(body)), transfer, o.json(), out, err);
        }
        if (p.size() != 3) {
            throw new IllegalArgumentException(what + " " + verb + " takes " + (verb.equals("create") ? "no ID" : "ID"));
        }
        String id = "/" + URLEncoder.encode(p.get(2), StandardCharsets.UTF_8);
        return switch (verb) {
            case "show" -> show(HqClient.send(hq, "GET", base + id, null), transfer, o.json(), out, err);
            case "close" -> show(HqClient.send(hq, "POST", base + id + "/close", SyncCodec.encode(
                    java.util.Collections.singletonMap("reason", o.reason()))), transfer, o.json(), out, err);
            case "send" -> {
                if (transfer) {
                    throw new IllegalArgumentException("a transfer is not sent from HQ; its sending branch ships it");
                }
                yield show(HqClient.send(hq, "POST", base + id + "/send", null), false, o.json(), out, err);
            }
            default -> throw new IllegalArgumentException("unknown " + what + " command " + verb
                    + " (create, show, close" + (transfer ? "" : ", send") + ")");
        };
    }

    /** {@code SKU=QTY} options as HQ's lines; HQ checks the SKU and range. */
    static List<Map<String, Object>> lines(List<String> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("give at least one --line SKU=QTY");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            long qty;
            try {
                qty = eq < 1 ? -1 : Long.parseLong(spec.substring(eq + 1));
            } catch (NumberFormatException e) {
                qty = -1;
            }
            if (qty < 0) {
                throw new IllegalArgumentException("--line must be SKU=QTY (a whole number), was " + spec);
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sku", spec.substring(0, eq));
            line.put("qty", qty);
            out.add(line);
        }
        return out;
    }

    private static String required(String value, String option) {
        if (value == null) {
            throw new IllegalArgumentException(option + " is required");
        }
        return value;
    }

    private static String query(Options o) {
        StringBuilder q = new StringBuilder();
        if (o.branch() != null) {
            q.append("?branch=").append(URLEncoder.encode(o.branch(), StandardCharsets.UTF_8));
        }
        if (o.status() != null) {
            q.append(q.isEmpty() ? "?" : "&").append("status=").append(URLEncoder.encode(o.status(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    private static int list(HttpResponse<String> r, boolean transfers, boolean json, PrintStream out, PrintStream err)
            throws IOException {
        if (json || r.statusCode() != 200) {
            return HqClient.print(r, out, err, JsonNode::toString);
        }
        JsonNode rows = SyncCodec.MAPPER.readTree(r.body()).path(transfers ? "transfers" : "purchaseOrders");
        String head = "%-36s  %-12s %-12s %-18s %5s  %s%n";
        out.printf(head, "ID", transfers ? "FROM" : "BRANCH", transfers ? "TO" : "SUPPLIER", "STATUS", "LINES", "UPDATED");
        for (JsonNode t : rows) {
            out.printf(head, t.path(transfers ? "transferId" : "poId").asText(),
                    t.path(transfers ? "from" : "branch").asText(), cut(t.path(transfers ? "to" : "supplier").asText(), 12),
                    t.path("status").asText(), t.path("lineCount").asText(), t.path("updatedAt").asText());
        }
        out.println(rows.size() + (transfers ? " transfer(s)" : " purchase order(s)"));
        return 0;
    }

    private static int show(HttpResponse<String> r, boolean transfer, boolean json, PrintStream out, PrintStream err)
            throws IOException {
        if (json || r.statusCode() / 100 != 2) {
            return HqClient.print(r, out, err, JsonNode::toString);
        }
        JsonNode d = SyncCodec.MAPPER.readTree(r.body());
        if (transfer) {
            out.println("transfer " + d.path("transferId").asText() + ": " + d.path("from").asText() + " -> "
                    + d.path("to").asText() + ", " + d.path("status").asText() + note(d));
            out.printf("%-24s %10s %10s %10s  %s%n", "SKU", "REQUESTED", "SHIPPED", "RECEIVED", "REASON");
            for (JsonNode l : d.path("lines")) {
                out.printf("%-24s %10d %10d %10d  %s%n", l.path("sku").asText(), l.path("requested").asLong(),
                        l.path("shipped").asLong(), l.path("received").asLong(), l.path("reason").asText(""));
            }
            for (JsonNode s : d.path("steps")) {
                out.println("  " + s.path("at").asText() + "  " + s.path("name").asText() + " by " + s.path("branch").asText()
                        + (s.path("actor").isTextual() ? " (" + s.path("actor").asText() + ")" : "")
                        + (s.path("reason").isTextual() ? ": " + s.path("reason").asText() : ""));
            }
            return 0;
        }
        out.println("purchase order " + d.path("poId").asText() + ": " + d.path("branch").asText() + " from "
                + d.path("supplier").asText() + ", " + d.path("status").asText() + note(d)
                + (d.path("closeReason").isTextual() ? " (closed: " + d.path("closeReason").asText() + ")" : ""));
        out.printf("%-24s %10s %10s%n", "SKU", "ORDERED", "RECEIVED");
        for (JsonNode l : d.path("lines")) {
            out.printf("%-24s %10d %10d%n", l.path("sku").asText(), l.path("ordered").asLong(), l.path("received").asLong());
        }
        for (JsonNode rc : d.path("receipts")) {
            out.println("  receipt " + rc.path("receiptId").asText() + " at " + rc.path("at").asText() + ": "
                    + rc.path("status").asText());
        }
        for (JsonNode x : d.path("discrepancies")) {
            out.println("  discrepancy " + x.path("sku").asText() + " " + x.path("qty").asLong() + " (receipt "
                    + x.path("receiptId").asText() + "): " + x.path("reason").asText());
        }
        return 0;
    }

    private static String note(JsonNode d) {
        return d.path("note").isTextual() ? " — " + d.path("note").asText() : "";
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}

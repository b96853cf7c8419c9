package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables {@code hq sales}, {@code hq stock} and {@code hq report} print from HQ's answers: amounts in euros and cents with a
 * decimal comma (as on the receipts), times in the zone HQ counted the days in, and a summary line.
 */
final class HqReports {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private HqReports() {
    }

    /** Prints the list and the summary; with {@code json} both as one object. 0 ok, 1 refused by HQ. */
    static int sales(HttpResponse<String> list, HttpResponse<String> summary, boolean json, PrintStream out,
                     PrintStream err) throws IOException {
        for (HttpResponse<String> r : List.of(list, summary)) {
            if (r.statusCode() != 200) {
                return HqClient.print(r, out, err, JsonNode::toString);
            }
        }
        JsonNode sales = SyncCodec.MAPPER.readTree(list.body());
        JsonNode sums = SyncCodec.MAPPER.readTree(summary.body());
        if (json) {
            ObjectNode both = SyncCodec.MAPPER.createObjectNode();
            both.set("sales", sales);
            both.set("summary", sums);
            out.println(both);
            return 0;
        }
        table(sales.path("sales"), ZoneId.of(sales.path("zone").asText("UTC")), out);
        long listed = sales.path("sales").size();
        long all = 0;
        for (JsonNode t : sums.path("totals")) {
            all += t.path("sales").asLong();
        }
        if (listed == 0) {
            out.println("no sales");
        } else if (listed < all) {
            out.println("the newest " + listed + " of " + all + " sales (--limit N shows more, up to "
                    + SalesViews.MAX_LIMIT + ")");
        }
        for (JsonNode b : sums.path("branches")) {
            out.println(b.path("branch").asText() + ": " + sums(b));
        }
        String days = days(sums);
        if (sums.path("totals").isEmpty()) {
            out.println("total: 0 sales, " + days);
        }
        for (JsonNode t : sums.path("totals")) {
            out.println("total: " + sums(t) + ", " + days);
        }
        return 0;
    }

    private static void table(JsonNode sales, ZoneId zone, PrintStream out) {
        String head = "%-12s %8s  %-16s  %-16s %5s %11s %10s %10s  %s%n";
        out.printf(head, "BRANCH", "INVOICE", "TIME", "CASHIER", "LINES", "TOTAL", "TAX", "REFUNDED", "PAYMENTS");
        for (JsonNode s : sales) {
            List<String> paid = new ArrayList<>();
            for (JsonNode p : s.path("payments")) {
                paid.add(p.path("method").asText() + " " + money(p.path("amount").asLong()));
            }
            String cashier = s.path("cashier").isTextual() ? s.get("cashier").asText() : s.path("staffId").asText("-");
            out.printf(head, s.path("branch").asText(), s.path("invoiceNo").asText(),
                    MINUTE.format(Instant.parse(s.path("occurredAt").asText()).atZone(zone)), cut(cashier, 16),
                    s.path("lines").asText(), money(s.path("total").asLong()), money(s.path("tax").asLong()),
                    money(s.path("refunded").asLong()), String.join(" + ", paid)
                            + (s.path("change").asLong() > 0 ? ", change " + money(s.path("change").asLong()) : ""));
        }
    }

    /** Prints on hand per branch and SKU; with {@code json} HQ's answer as it came. */
    static int stock(HttpResponse<String> r, boolean json, PrintStream out, PrintStream err) throws IOException {
        if (json || r.statusCode() != 200) {
            return HqClient.print(r, out, err, JsonNode::toString);
        }
        JsonNode rows = SyncCodec.MAPPER.readTree(r.body()).path("stock");
        out.printf("%-12s %-24s %10s %8s%n", "BRANCH", "SKU", "ON HAND", "MOVES");
        for (JsonNode row : rows) {
            out.printf("%-12s %-24s %10d %8d%n", row.path("branch").asText(), row.path("sku").asText(),
                    row.path("onHand").asLong(), row.path("moves").asLong());
        }
        out.println(rows.isEmpty() ? "no stock moves"
                : rows.size() + " SKU rows; on hand is the net of the sales, refunds and voids HQ received (no opening stock)");
        return 0;
    }

    /** A report's CSV (as HQ answers it) as columns padded to their widest cell; text left, numbers right. */
    static void table(String name, String csv, PrintStream out) {
        List<List<String>> rows = parseCsv(csv);
        if (rows.isEmpty()) {
            out.println("no " + name + " report");
            return;
        }
        int[] width = new int[rows.getFirst().size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() && i < width.length; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size() && i < width.length; i++) {
                String cell = row.get(i);
                boolean number = cell.matches("-?\\d+");
                line.append(i == 0 ? "" : "  ").append(number ? " ".repeat(width[i] - cell.length()) + cell
                        : cell + " ".repeat(width[i] - cell.length()));
            }
            out.println(line.toString().stripTrailing());
        }
        out.println(name + ": " + (rows.size() - 1) + " rows; amounts in minor units (cents)");
    }

    /** RFC 4180 as {@link com.wkpos.edge.protocol.report.ReportCsv} writes it: quoted cells may hold commas, quotes and line breaks. */
    static List<List<String>> parseCsv(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        if (!cell.isEmpty() || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    private static String sums(JsonNode s) {
        String cur = " " + s.path("currency").asText();
        long n = s.path("sales").asLong();
        return n + (n == 1 ? " sale" : " sales") + ", gross " + money(s.path("gross").asLong()) + cur + ", refunds "
                + money(s.path("refunds").asLong()) + cur + " (" + s.path("refundCount").asLong() + "), net "
                + money(s.path("net").asLong()) + cur;
    }

    private static String days(JsonNode q) {
        String from = q.path("from").isTextual() ? q.get("from").asText() : null;
        String to = q.path("to").isTextual() ? q.get("to").asText() : null;
        String span = from == null && to == null ? "all days"
                : from == null ? "until " + to : to == null ? "since " + from : from + " to " + to;
        return span + " (" + q.path("zone").asText() + ")";
    }

    /** Cents as euros with a decimal comma: {@code 1234} is {@code 12,34}, {@code -5} is {@code -0,05}. */
    static String money(long minor) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + abs / 100 + "," + String.format("%02d", abs % 100);
    }

    private static String cut(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}

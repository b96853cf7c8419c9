package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * HQ's rows of the tills' {@code sale.completed}, {@code sale.refunded} and {@code sale.voided} entries, written
 * in the ingest transaction. Idempotent twice over: keyed on the entry ({@code device_id, seq}) and on the
 * till's own id ({@code sale_id}, {@code refund_id}), so neither a re-delivered entry nor the same sale
 * journaled again under another device (a restored box) counts twice. An entry HQ cannot read is kept in
 * the journal and alarmed ({@code sale-malformed}), never guessed at.
 */
final class SalesProjector {
    static final String SALE = "sale.completed";
    static final String REFUND = "sale.refunded";
    static final String VOID = "sale.voided";
    static final Set<String> TYPES = Set.of(SALE, REFUND, VOID);
    /** Marks that the entries stored before these projections existed were projected once. */
    static final String BACKFILL = "sales-v1";

    private SalesProjector() {
    }

    /** Projects the entry if {@code type} is a sale, refund or void; anything else is left alone. */
    static void project(Connection c, String now, String tenant, String branch, String device, long seq, String type,
                        JsonNode p) throws SQLException {
        if (!TYPES.contains(type)) {
            return;
        }
        String problem = type.equals(SALE) ? sale(c, tenant, branch, device, seq, p)
                : refund(c, tenant, branch, device, seq, type, p);
        if (problem != null) {
            Alarms.raise(c, now, "sale-malformed", tenant, branch, device, seq, type + " not shown at HQ: " + problem);
        }
    }

    /**
     * Projects every stored sale, refund and void once, for a store that held entries before these
     * projections existed. The marker row makes it run once per store, also with several HQ instances.
     *
     * @return how many entries were looked at; 0 when it ran before
     */
    static int backfill(Connection c, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_backfills (name, done_at) VALUES (?, ?)"
                + " ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, BACKFILL);
            ps.setString(2, now);
            if (ps.executeUpdate() == 0) {
                return 0;
            }
        }
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, branch, device_id, seq, type, payload FROM hq_journal"
                + " WHERE type IN (?, ?, ?) ORDER BY device_id, seq")) {
            ps.setString(1, SALE);
            ps.setString(2, REFUND);
            ps.setString(3, VOID);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    project(c, now, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                            json(rs.getString(6)));
                    n++;
                }
            }
        }
        return n;
    }

    /** @return null when projected (or already there), else what is wrong with the payload */
    private static String sale(Connection c, String tenant, String branch, String device, long seq, JsonNode p)
            throws SQLException {
        String missing = require(p, "saleId", "occurredAt", "total");
        if (missing != null) {
            return missing;
        }
        Long at = millis(p.get("occurredAt"));
        if (at == null) {
            return "occurredAt is not an instant: " + p.get("occurredAt");
        }
        long total = p.get("total").asLong();
        long tax = p.path("tax").asLong(0);
        int inserted;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_sales (device_id, seq, tenant, branch, sale_id,"
                + " invoice_no, occurred_at, occurred_ms, currency, subtotal, discount, tax, rounding, total, net, paid,"
                + " change_due, lines, staff_id, cashier, shift_id, customer_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, device);
            ps.setLong(2, seq);
            ps.setString(3, tenant);
            ps.setString(4, branch);
            ps.setString(5, p.get("saleId").asText());
            ps.setLong(6, p.path("invoiceNo").asLong(0));
            ps.setString(7, p.get("occurredAt").asText());
            ps.setLong(8, at);
            ps.setString(9, p.path("currency").asText("EUR"));
            ps.setLong(10, p.path("subtotal").asLong(0));
            ps.setLong(11, p.path("discount").asLong(0));
            ps.setLong(12, tax);
            ps.setLong(13, p.path("rounding").asLong(0));
            ps.setLong(14, total);
            ps.setLong(15, total - tax);
            ps.setLong(16, p.path("paid").asLong(0));
            ps.setLong(17, p.path("change").asLong(0));
            ps.setInt(18, p.path("lines").size());
            ps.setString(19, text(p, "staffId"));
            ps.setString(20, text(p, "cashier"));
            ps.setString(21, text(p, "shiftId"));
            ps.setString(22, text(p, "customerId"));
            inserted = ps.executeUpdate();
        }
        if (inserted > 0) {
            payments(c, tenant, device, seq, p);
        }
        return null;
    }

    private static void payments(Connection c, String tenant, String device, long seq, JsonNode p) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_sale_payments (device_id, seq, line, tenant,"
                + " sale_id, method, amount, foreign_currency, foreign_amount, reference)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            int line = 0;
            for (JsonNode pay : p.path("payments")) {
                if (!pay.path("method").isTextual() || !pay.path("amount").canConvertToLong()) {
                    continue;
                }
                ps.setString(1, device);
                ps.setLong(2, seq);
                ps.setInt(3, line++);
                ps.setString(4, tenant);
                ps.setString(5, p.get("saleId").asText());
                ps.setString(6, pay.get("method").asText());
                ps.setLong(7, pay.get("amount").asLong());
                ps.setString(8, text(pay, "foreignCurrency"));
                ps.setObject(9, pay.path("foreignAmount").canConvertToLong() ? pay.get("foreignAmount").asLong() : null,
                        java.sql.Types.BIGINT);
                ps.setString(10, text(pay, "reference"));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String refund(Connection c, String tenant, String branch, String device, long seq, String type,
                                 JsonNode p) throws SQLException {
        String missing = require(p, "refundId", "saleId", "at", "amount");
        if (missing != null) {
            return missing;
        }
        Long at = millis(p.get("at"));
        if (at == null) {
            return "at is not an instant: " + p.get("at");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_refunds (device_id, seq, tenant, branch, refund_id,"
                + " sale_id, kind, method, amount, currency, occurred_at, occurred_ms, reason, actor, lines)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, device);
            ps.setLong(2, seq);
            ps.setString(3, tenant);
            ps.setString(4, branch);
            ps.setString(5, p.get("refundId").asText());
            ps.setString(6, p.get("saleId").asText());
            ps.setString(7, p.path("kind").asText(type.equals(VOID) ? "VOID" : "REFUND"));
            ps.setString(8, p.path("method").asText("-"));
            ps.setLong(9, p.get("amount").asLong());
            ps.setString(10, p.path("currency").asText("EUR"));
            ps.setString(11, p.get("at").asText());
            ps.setLong(12, at);
            ps.setString(13, text(p, "reason"));
            ps.setString(14, text(p, "actor"));
            ps.setInt(15, p.path("lines").size());
            ps.executeUpdate();
        }
        return null;
    }

    /** The first of {@code fields} missing or of the wrong kind (ids and times text, amounts integers), or null. */
    private static String require(JsonNode p, String... fields) {
        if (p == null || !p.isObject()) {
            return "payload is not a JSON object";
        }
        for (String f : fields) {
            JsonNode v = p.get(f);
            boolean amount = f.equals("total") || f.equals("amount");
            if (v == null || (amount ? !v.canConvertToExactIntegral() : !v.isTextual() || v.asText().isBlank())) {
                return f + (amount ? " must be an integer of minor units" : " must be a non-empty string") + ", was " + v;
            }
        }
        return null;
    }

    private static Long millis(JsonNode at) {
        try {
            return Instant.parse(at.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }

    private static JsonNode json(String payload) {
        try {
            return com.wkpos.edge.protocol.SyncCodec.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}

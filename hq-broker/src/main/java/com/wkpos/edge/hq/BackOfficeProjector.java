package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HQ's rows of the boxes' back-office entries ({@code job.created}, {@code job.adjusted},
 * {@code job.payment-recorded}, {@code job.payment-reversed}, {@code expense.recorded}, {@code expense.reversed}),
 * written in the ingest
 * transaction, one append-only table each. Idempotent twice over, as the sales are: keyed on the entry
 * ({@code device_id, seq}) and on the box's own id of the job, adjustment, payment, expense or reversal, so
 * neither a re-delivered entry nor a restored box's re-upload counts twice. A payload HQ cannot read stays in
 * the journal and raises a {@code backoffice-malformed} alarm; ingest goes on.
 */
final class BackOfficeProjector {
    /** Marks that the entries stored before these projections existed were projected once. */
    static final String BACKFILL = "backoffice-v1";

    /** How a payload field is checked before it becomes a column. */
    private enum Kind { ID, TEXT, DATE, INSTANT, AMOUNT, METHOD }

    private record Column(String name, String field, Kind kind) {
    }

    private record Shape(String table, List<Column> columns) {
        String insert() {
            List<String> names = new ArrayList<>(List.of("device_id", "seq", "tenant", "branch"));
            columns.forEach(c -> names.add(c.name()));
            return "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(names.size(), "?")) + ") ON CONFLICT DO NOTHING";
        }
    }

    private static final List<Column> COMMON = List.of(new Column("currency", "currency", Kind.ID),
            new Column("actor", "actor", Kind.TEXT), new Column("occurred_at", "at", Kind.INSTANT));
    private static final Map<String, Shape> SHAPES = Map.of(
            "job.created", shape("hq_jobs", col("job_id", "jobId", Kind.ID), col("customer_id", "customerId", Kind.ID),
                    col("customer_name", "customerName", Kind.TEXT), col("service_type", "serviceType", Kind.ID),
                    col("service_date", "serviceDate", Kind.DATE), col("amount", "amount", Kind.AMOUNT),
                    col("notes", "notes", Kind.TEXT)),
            "job.adjusted", shape("hq_job_adjustments", col("adjustment_id", "adjustmentId", Kind.ID),
                    col("job_id", "jobId", Kind.ID), col("customer_id", "customerId", Kind.ID),
                    col("delta", "delta", Kind.AMOUNT), col("reason", "reason", Kind.TEXT),
                    col("local_date", "localDate", Kind.DATE)),
            "job.payment-recorded", shape("hq_job_payments", col("payment_id", "paymentId", Kind.ID),
                    col("job_id", "jobId", Kind.ID), col("customer_id", "customerId", Kind.ID),
                    col("method", "method", Kind.METHOD), col("amount", "amount", Kind.AMOUNT),
                    col("applied", "applied", Kind.AMOUNT), col("store_credit", "storeCredit", Kind.AMOUNT),
                    col("paid_on", "paidOn", Kind.DATE), col("shift_id", "shiftId", Kind.TEXT)),
            "expense.recorded", shape("hq_expenses", col("expense_id", "expenseId", Kind.ID),
                    col("category", "category", Kind.ID), col("amount", "amount", Kind.AMOUNT),
                    col("method", "method", Kind.METHOD), col("expense_date", "expenseDate", Kind.DATE),
                    col("description", "description", Kind.TEXT), col("shift_id", "shiftId", Kind.TEXT)),
            "expense.reversed", shape("hq_expense_reversals", col("reversal_id", "reversalId", Kind.ID),
                    col("expense_id", "expenseId", Kind.ID), col("category", "category", Kind.ID),
                    col("amount", "amount", Kind.AMOUNT), col("method", "method", Kind.METHOD),
                    col("reason", "reason", Kind.TEXT), col("shift_id", "shiftId", Kind.TEXT),
                    col("local_date", "localDate", Kind.DATE)),
            "job.payment-reversed", shape("hq_job_payment_reversals", col("reversal_id", "reversalId", Kind.ID),
                    col("payment_id", "paymentId", Kind.ID), col("job_id", "jobId", Kind.ID),
                    col("customer_id", "customerId", Kind.ID), col("method", "method", Kind.METHOD),
                    col("amount", "amount", Kind.AMOUNT), col("applied", "applied", Kind.AMOUNT),
                    col("store_credit", "storeCredit", Kind.AMOUNT), col("reason", "reason", Kind.TEXT),
                    col("shift_id", "shiftId", Kind.TEXT), col("local_date", "localDate", Kind.DATE)));
    static final Set<String> TYPES = SHAPES.keySet();

    private BackOfficeProjector() {
    }

    private static Column col(String name, String field, Kind kind) {
        return new Column(name, field, kind);
    }

    private static Shape shape(String table, Column... columns) {
        List<Column> all = new ArrayList<>(List.of(columns));
        all.addAll(COMMON);
        return new Shape(table, List.copyOf(all));
    }

    /** Projects the entry if {@code type} is a back-office entry; anything else is left alone. */
    static void project(Connection c, String now, String tenant, String branch, String device, long seq, String type,
                        JsonNode p) throws SQLException {
        Shape shape = SHAPES.get(type);
        if (shape == null) {
            return;
        }
        String problem = problem(shape, type, p);
        if (problem != null) {
            Alarms.raise(c, now, "backoffice-malformed", tenant, branch, device, seq,
                    type + " not in HQ's reports: " + problem);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(shape.insert())) {
            ps.setString(1, device);
            ps.setLong(2, seq);
            ps.setString(3, tenant);
            ps.setString(4, branch);
            int i = 5;
            for (Column col : shape.columns()) {
                JsonNode v = p.get(col.field());
                if (col.kind() == Kind.AMOUNT) {
                    ps.setLong(i++, v.asLong());
                } else {
                    ps.setString(i++, v == null || !v.isTextual() ? null : v.asText());
                }
            }
            ps.executeUpdate();
        }
    }

    /**
     * Projects every stored back-office entry once, for a store that held them before these projections
     * existed. The marker row makes it run once per store, also with several HQ instances.
     *
     * @return how many entries were looked at; 0 when it ran before
     */
    static int backfill(Connection c, String now) throws SQLException {
        if (Sql.update(c, "INSERT INTO hq_backfills (name, done_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                BACKFILL, now) == 0) {
            return 0;
        }
        int n = 0;
        List<String> types = List.copyOf(TYPES);
        try (PreparedStatement ps = Sql.prepare(c, "SELECT tenant, branch, device_id, seq, type, payload FROM hq_journal"
                + " WHERE type IN (" + String.join(", ", java.util.Collections.nCopies(types.size(), "?"))
                + ") ORDER BY device_id, seq", types.toArray())) {
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

    /** What is wrong with the payload for its table, or null when every column can be read. */
    private static String problem(Shape shape, String type, JsonNode p) {
        if (p == null || !p.isObject()) {
            return "payload is not a JSON object";
        }
        for (Column col : shape.columns()) {
            JsonNode v = p.get(col.field());
            String wrong = switch (col.kind()) {
                case ID -> v == null || !v.isTextual() || v.asText().isBlank() ? "must be a non-empty string" : null;
                case TEXT -> v != null && !v.isNull() && !v.isTextual() ? "must be a string or null" : null;
                case DATE -> v == null || !v.isTextual() || !isDate(v.asText()) ? "must be a date yyyy-MM-dd" : null;
                case INSTANT -> v == null || !v.isTextual() || !isInstant(v.asText()) ? "must be an instant" : null;
                case AMOUNT -> v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong()
                        ? "must be an integer of minor units" : null;
                case METHOD -> v == null || !Set.of("CASH", "BANK").contains(v.asText()) ? "must be CASH or BANK" : null;
            };
            if (wrong != null) {
                return col.field() + " " + wrong + ", was " + v;
            }
        }
        if ((type.equals("job.payment-recorded") || type.equals("job.payment-reversed"))
                && p.get("applied").asLong() + p.get("storeCredit").asLong() != p.get("amount").asLong()) {
            return "applied " + p.get("applied") + " + storeCredit " + p.get("storeCredit") + " is not amount "
                    + p.get("amount");
        }
        return null;
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isInstant(String s) {
        try {
            Instant.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static JsonNode json(String payload) {
        try {
            return com.wkpos.edge.protocol.SyncCodec.MAPPER.readTree(payload);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}

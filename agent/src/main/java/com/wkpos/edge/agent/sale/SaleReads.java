package com.wkpos.edge.agent.sale;

import com.fasterxml.jackson.core.type.TypeReference;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.JournalVerifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads committed sales back from their tables. */
final class SaleReads {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private SaleReads() {
    }

    /** The sale id and request digest stored under an idempotency key. */
    record KeyUse(String saleId, String requestSha256) {
    }

    static Optional<KeyUse> byKey(PreparedStatement ps, String key) throws SQLException {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new KeyUse(rs.getString(1), rs.getString(2))) : Optional.empty();
        }
    }

    static final String BY_KEY = "SELECT id, request_sha256 FROM sales WHERE idempotency_key = ?";

    static Optional<SaleView> find(Connection c, String id) throws SQLException {
        SaleView head;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, invoice_no, occurred_at, currency, subtotal, discount,"
                + " tax, rounding, total, paid, change_due, coupon, customer_id, shift_id, points_earned, card_slip,"
                + " COALESCE(cashier, actor)"
                + " FROM sales WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                head = new SaleView(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11),
                        rs.getString(12), List.of(), List.of(), rs.getString(13), rs.getString(14),
                        rs.getString(13) == null ? null : rs.getLong(15),
                        rs.getString(16) == null ? null : strings(rs.getString(16)), rs.getString(17));
            }
        }
        Map<Integer, List<String>> serials = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT line_no, serial FROM serial_moves WHERE sale_id = ?"
                + " AND kind = 'SOLD' ORDER BY seq, rowid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    serials.computeIfAbsent(rs.getInt(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        List<PricedSale.Line> lines = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT line_no, sku, name, qty, unit_price, tax_inclusive,"
                + " tax_code, tax_bp, discount, net, tax, total, promotions, list_price, manual_discount, price_reason"
                + " FROM sale_lines WHERE sale_id = ? ORDER BY line_no")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new PricedSale.Line(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getInt(6) == 1, rs.getString(7), rs.getInt(8), rs.getLong(9),
                            rs.getLong(10), rs.getLong(11), rs.getLong(12), promotions(rs.getString(13)),
                            nullableLong(rs, 14), rs.getLong(15), rs.getString(16), serials.get(rs.getInt(1))));
                }
            }
        }
        List<SaleView.Payment> payments = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT method, amount, foreign_currency, foreign_amount, rate, reference FROM payments WHERE sale_id = ?"
                        + " ORDER BY rowid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    payments.add(new SaleView.Payment(rs.getString(1), rs.getLong(2), rs.getString(3),
                            nullableLong(rs, 4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        return Optional.of(new SaleView(head.id(), head.invoiceNo(), head.createdAt(), head.currency(), head.subtotal(),
                head.discount(), head.tax(), head.rounding(), head.total(), head.paid(), head.change(), head.coupon(),
                List.copyOf(lines), List.copyOf(payments), head.customerId(), head.shiftId(), head.pointsEarned(),
                head.cardSlip(), head.cashier()));
    }

    private static List<String> strings(String json) {
        return promotions(json);
    }

    private static List<String> promotions(String json) {
        try {
            return CanonicalJson.MAPPER.readValue(json, STRINGS);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("sale line promotions are not a JSON list: " + json, e);
        }
    }

    /** {@code journal verify}: invoice numbers run 1, 2, 3, … in journal order with no gap or repeat. */
    static JournalVerifier.Check invoiceCheck() {
        return new JournalVerifier.Check() {
            @Override
            public String name() {
                return "invoice-sequence";
            }

            @Override
            public Optional<JournalVerifier.Finding> run(Connection c) throws SQLException {
                long expected = 1;
                try (PreparedStatement ps = c.prepareStatement("SELECT invoice_no, seq FROM sales ORDER BY seq");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getLong(1) != expected) {
                            return Optional.of(new JournalVerifier.Finding(name(), rs.getLong(2), "invoice number "
                                    + rs.getLong(1) + " where " + expected + " was due"));
                        }
                        expected++;
                    }
                }
                return Optional.empty();
            }
        };
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}

package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.journal.CanonicalJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A refund or void as screens see it; {@code cardSlip} is the terminal's slip when money went back to a card. */
public record RefundView(String id, String saleId, String kind, String method, long amount, long points, String reason,
                         String actor, String createdAt, List<Line> lines, List<Payment> payments, List<String> cardSlip) {
    public record Line(int lineNo, long qty, long net, long tax, long total) {
    }

    /** How much went back by a method; negative where a void took back change given. */
    public record Payment(String method, long amount, String reference) {
    }

    static Optional<RefundView> read(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.sale_id, r.kind, r.method, r.amount, r.points,"
                + " r.reason, r.actor, r.occurred_at, (SELECT slip FROM card_refunds WHERE refund_id = r.id)"
                + " FROM refunds r WHERE r.id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<String> slip = new ArrayList<>();
                if (rs.getString(10) != null) {
                    CanonicalJson.read(rs.getString(10)).forEach(n -> slip.add(n.asText()));
                }
                return Optional.of(new RefundView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), lines(c, id),
                        payments(c, id), slip));
            }
        }
    }

    static List<RefundView> forSale(Connection c, String saleId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM refunds WHERE sale_id = ? ORDER BY seq")) {
            ps.setString(1, saleId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        List<RefundView> out = new ArrayList<>();
        for (String id : ids) {
            read(c, id).ifPresent(out::add);
        }
        return out;
    }

    private static List<Line> lines(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT line_no, qty, net, tax, total FROM refund_lines"
                + " WHERE refund_id = ? ORDER BY line_no")) {
            ps.setString(1, id);
            List<Line> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
            return out;
        }
    }

    private static List<Payment> payments(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT method, amount, reference FROM refund_payments"
                + " WHERE refund_id = ? ORDER BY method")) {
            ps.setString(1, id);
            List<Payment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Payment(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
            return out;
        }
    }
}

package com.wkpos.edge.agent.refund;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.shift.DrawerMoves;
import com.wkpos.edge.agent.stock.SerialUnits;
import com.wkpos.edge.agent.stock.Stock;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Applies {@code sale.refunded} and {@code sale.voided}: the refund with its lines and payments, stock
 * back, gift card and store credit balances, the customer's totals and points, the drawer, the card
 * refund it used, the ledger and an audit row.
 */
final class RefundProjection {
    private RefundProjection() {
    }

    static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String id = p.required("refundId").asText();
        String saleId = p.required("saleId").asText();
        String at = p.required("at").asText();
        String kind = p.required("kind").asText();
        String shiftId = text(p, "shiftId");
        PreparedStatement refund = ctx.statement("INSERT INTO refunds (id, seq, sale_id, kind, method, amount, reason,"
                + " actor, shift_id, occurred_at, idempotency_key, points) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        refund.setString(1, id);
        refund.setLong(2, e.seq());
        refund.setString(3, saleId);
        refund.setString(4, kind);
        refund.setString(5, p.required("method").asText());
        refund.setLong(6, p.required("amount").asLong());
        refund.setString(7, p.required("reason").asText());
        refund.setString(8, p.required("actor").asText());
        refund.setString(9, shiftId);
        refund.setString(10, at);
        refund.setString(11, p.required("idempotencyKey").asText());
        refund.setLong(12, p.required("points").asLong());
        refund.executeUpdate();
        PreparedStatement line = ctx.statement("INSERT INTO refund_lines (refund_id, line_no, seq, qty, net, tax, total)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (JsonNode l : p.required("lines")) {
            line.setString(1, id);
            line.setInt(2, l.required("lineNo").asInt());
            line.setLong(3, e.seq());
            line.setLong(4, l.required("qty").asLong());
            line.setLong(5, l.required("net").asLong());
            line.setLong(6, l.required("tax").asLong());
            line.setLong(7, l.required("total").asLong());
            line.executeUpdate();
        }
        PreparedStatement pay = ctx.statement("INSERT INTO refund_payments (id, refund_id, seq, method, amount, reference)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        for (JsonNode m : p.required("payments")) {
            pay.setString(1, m.required("id").asText());
            pay.setString(2, id);
            pay.setLong(3, e.seq());
            pay.setString(4, m.required("method").asText());
            pay.setLong(5, m.required("amount").asLong());
            pay.setString(6, text(m, "reference"));
            pay.executeUpdate();
        }
        for (JsonNode card : p.required("giftCards")) {
            GiftCards.change(ctx, e, card.required("code").asText(), card.required("delta").asLong());
        }
        applyCustomer(ctx, e, p);
        DrawerMoves.record(ctx, e, shiftId, kind, p.required("drawerCash").asLong(), "sale:" + saleId, p.required("reason")
                .asText(), at);
        if (text(p, "cardRefundId") != null) {
            CardRefunds.markUsed(ctx, e, p.get("cardRefundId").asText(), id);
        }
        String movement = p.path("movementType").asText("RETURN");
        for (JsonNode move : p.required("stock")) {
            Stock.move(ctx, e, move.required("movementId").asText(), move.required("sku").asText(), movement,
                    move.required("delta").asLong(), move.required("expectedVersion").asLong(), id, at);
        }
        for (JsonNode units : p.path("serials")) {
            SerialUnits.record(ctx, e, units.required("sku").asText(), units.required("serials"),
                    SerialUnits.Kind.RETURNED, "refund:" + id, saleId, units.required("lineNo").asInt());
        }
        Ledger.project(ctx, e, p.required("ledger"), p.required("currency").asText(), at);
        Audit.record(ctx, e, at, p.required("actor").asText(), kind.equals("VOID") ? "sale.void" : "sale.refund",
                "sale:" + saleId, p.required("method").asText() + " " + p.required("amount").asLong() + " "
                        + p.required("currency").asText() + ": " + p.required("reason").asText());
    }

    private static void applyCustomer(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String customerId = text(p, "customerId");
        if (customerId != null) {
            Customers.change(ctx, e, customerId, p.required("purchases").asLong(), p.required("spent").asLong(),
                    -p.required("points").asLong(), 0);
        }
        String creditTo = text(p, "creditCustomerId");
        if (creditTo != null) {
            Customers.change(ctx, e, creditTo, 0, 0, 0, p.required("credit").asLong());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}

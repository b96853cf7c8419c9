package com.wkpos.edge.agent.sale;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.stock.SerialUnits;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.payment.CardPayments;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.shift.DrawerMoves;
import com.wkpos.edge.agent.stock.Stock;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Applies {@code sale.completed}: sale, lines, payments, stock movements, ledger postings, audit row. */
final class SaleProjection {
    private SaleProjection() {
    }

    static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String saleId = p.required("saleId").asText();
        String at = p.required("occurredAt").asText();
        String currency = p.required("currency").asText();
        PreparedStatement sale = ctx.statement("INSERT INTO sales (id, seq, invoice_no, idempotency_key, request_sha256,"
                + " occurred_at, currency, subtotal, discount, tax, rounding, total, paid, change_due, coupon,"
                + " catalog_version, actor, shift_id, customer_id, points_earned, card_slip, staff_id, cashier)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        sale.setString(1, saleId);
        sale.setLong(2, e.seq());
        sale.setLong(3, p.required("invoiceNo").asLong());
        sale.setString(4, p.required("idempotencyKey").asText());
        sale.setString(5, p.required("requestSha256").asText());
        sale.setString(6, at);
        sale.setString(7, currency);
        sale.setLong(8, p.required("subtotal").asLong());
        sale.setLong(9, p.required("discount").asLong());
        sale.setLong(10, p.required("tax").asLong());
        sale.setLong(11, p.required("rounding").asLong());
        sale.setLong(12, p.required("total").asLong());
        sale.setLong(13, p.required("paid").asLong());
        sale.setLong(14, p.required("change").asLong());
        sale.setString(15, p.path("coupon").isTextual() ? p.get("coupon").asText() : null);
        sale.setLong(16, p.required("catalogVersion").asLong());
        String shiftId = text(p, "shiftId");
        String customerId = text(p, "customerId");
        sale.setString(17, p.required("actor").asText());
        sale.setString(18, shiftId);
        sale.setString(19, customerId);
        sale.setLong(20, p.required("pointsEarned").asLong());
        sale.setString(21, p.required("cardSlip").isEmpty() ? null : p.required("cardSlip").toString());
        sale.setString(22, text(p, "staffId"));
        sale.setString(23, text(p, "cashier"));
        sale.executeUpdate();
        PreparedStatement line = ctx.statement("INSERT INTO sale_lines (sale_id, line_no, seq, sku, name, qty,"
                + " unit_price, tax_inclusive, tax_code, tax_bp, discount, net, tax, total, promotions, list_price,"
                + " manual_discount, price_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (JsonNode l : p.required("lines")) {
            line.setString(1, saleId);
            line.setInt(2, l.required("lineNo").asInt());
            line.setLong(3, e.seq());
            line.setString(4, l.required("sku").asText());
            line.setString(5, l.required("name").asText());
            line.setLong(6, l.required("qty").asLong());
            line.setLong(7, l.required("unitPrice").asLong());
            line.setInt(8, l.required("taxInclusive").asBoolean() ? 1 : 0);
            line.setString(9, l.required("taxCode").asText());
            line.setInt(10, l.required("taxBasisPoints").asInt());
            line.setLong(11, l.required("discount").asLong());
            line.setLong(12, l.required("net").asLong());
            line.setLong(13, l.required("tax").asLong());
            line.setLong(14, l.required("total").asLong());
            line.setString(15, l.required("promotions").toString());
            line.setObject(16, l.hasNonNull("listPrice") ? l.get("listPrice").asLong() : null);
            line.setLong(17, l.path("manualDiscount").asLong(0));
            line.setString(18, l.hasNonNull("priceReason") ? l.get("priceReason").asText() : null);
            line.executeUpdate();
            if (l.has("serials")) {
                SerialUnits.record(ctx, e, l.required("sku").asText(), l.get("serials"), SerialUnits.Kind.SOLD,
                        "sale:" + saleId, saleId, l.required("lineNo").asInt());
            }
        }
        PreparedStatement payment = ctx.statement(
                "INSERT INTO payments (id, sale_id, seq, method, amount, currency, foreign_currency, foreign_amount, rate,"
                + " reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        for (JsonNode pay : p.required("payments")) {
            payment.setString(1, pay.required("id").asText());
            payment.setString(2, saleId);
            payment.setLong(3, e.seq());
            payment.setString(4, pay.required("method").asText());
            payment.setLong(5, pay.required("amount").asLong());
            payment.setString(6, currency);
            payment.setString(7, text(pay, "foreignCurrency"));
            payment.setObject(8, pay.path("foreignAmount").isNumber() ? pay.get("foreignAmount").asLong() : null);
            payment.setString(9, text(pay, "rate"));
            payment.setString(10, text(pay, "reference"));
            payment.executeUpdate();
            if (pay.required("method").asText().equals("GIFT_CARD")) {
                GiftCards.change(ctx, e, pay.required("reference").asText(), -pay.required("amount").asLong());
            } else if (pay.required("method").asText().equals("STORE_CREDIT")) {
                Customers.change(ctx, e, customerId, 0, 0, 0, -pay.required("amount").asLong());
            }
        }
        DrawerMoves.record(ctx, e, shiftId, "SALE", p.required("drawerCash").asLong(), "sale:" + saleId, null, at);
        if (text(p, "cardApprovalId") != null) {
            CardPayments.markUsed(ctx, e, p.get("cardApprovalId").asText(), saleId);
        }
        if (customerId != null) {
            Customers.change(ctx, e, customerId, 1, p.required("total").asLong(), p.required("pointsEarned").asLong(), 0);
        }
        String movement = text(p, "exchangeRefundId") == null ? "SALE" : "EXCHANGE_OUT";
        for (JsonNode move : p.required("stock")) {
            Stock.move(ctx, e, move.required("movementId").asText(), move.required("sku").asText(), movement,
                    move.required("delta").asLong(), move.required("expectedVersion").asLong(), saleId, at);
        }
        ParkedSales.completed(ctx, e, p.required("idempotencyKey").asText(), saleId);
        Ledger.project(ctx, e, p.required("ledger"), currency, at);
        Audit.record(ctx, e, at, p.required("actor").asText(), "sale.complete", "sale:" + saleId,
                "invoice=" + p.required("invoiceNo").asLong() + " total=" + p.required("total").asLong() + " " + currency);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isTextual() ? v.asText() : null;
    }
}

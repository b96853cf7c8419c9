package com.wkpos.edge.agent.sale;

import java.util.List;

/**
 * A committed sale as screens see it (the body of {@code POST /api/v1/sales} and {@code GET /api/v1/sales/{id}});
 * {@code cashier} is the name of who rang it up.
 */
public record SaleView(String id, long invoiceNo, String createdAt, String currency, long subtotal, long discount,
                       long tax, long rounding, long total, long paid, long change, String coupon,
                       List<PricedSale.Line> lines, List<Payment> payments, String customerId, String shiftId,
                       Long pointsEarned, List<String> cardSlip, String cashier) {
    /** {@code currency}, {@code foreignAmount} and {@code rate} only for foreign cash; {@code reference} for a gift card. */
    public record Payment(String method, long amount, String currency, Long foreignAmount, String rate,
                          String reference) {
    }
}

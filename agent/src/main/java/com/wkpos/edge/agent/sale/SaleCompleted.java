package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.ledger.LedgerTxn;
import java.util.List;

/**
 * The payload of a {@code sale.completed} journal entry: everything the sale changed, decided up front;
 * {@code exchangeRefundId} names the return an exchange paid this sale with (absent for other sales).
 */
record SaleCompleted(String saleId, long invoiceNo, String occurredAt, String idempotencyKey, String requestSha256,
                     String actor, String currency, long subtotal, long discount, long tax, long rounding, long total,
                     long paid, long change, String coupon, long catalogVersion, List<PricedSale.Line> lines,
                     List<Payment> payments, List<StockMove> stock, LedgerTxn ledger, String shiftId,
                     String customerId, long pointsEarned, long drawerCash, String cardApprovalId,
                     List<String> cardSlip, String staffId, String cashier,
                     com.wkpos.edge.agent.fiscal.FiscalDocument fiscal,
                     @com.fasterxml.jackson.annotation.JsonInclude(
                             com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String exchangeRefundId) {
    static final String TYPE = "sale.completed";

    record Payment(String id, String method, long amount, String foreignCurrency, Long foreignAmount, String rate,
                   String reference) {
    }

    record StockMove(String movementId, String sku, long delta, long expectedVersion) {
    }

}

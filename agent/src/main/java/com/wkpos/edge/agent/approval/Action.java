package com.wkpos.edge.agent.approval;

/**
 * Till actions a threshold can put behind a manager's approval. The amount of a DISCOUNT is the manual
 * discount of the sale's lines, of a PRICE_OVERRIDE what the overrides took off the catalog prices, of a
 * STOCK_ADJUSTMENT (a cashier's ADJUSTMENT, DAMAGE, EXPIRED or INITIAL stock move) the units moved times
 * the catalog price.
 */
public enum Action {
    SALE, CASH_OUT, REFUND, VOID, NO_SALE, DISCOUNT, PRICE_OVERRIDE, STOCK_ADJUSTMENT
}

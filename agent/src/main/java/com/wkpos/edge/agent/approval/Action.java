package com.wkpos.edge.agent.approval;

/** Till actions a threshold can put behind a manager's approval. */
public enum Action {
    SALE, CASH_OUT, REFUND, VOID, NO_SALE
}

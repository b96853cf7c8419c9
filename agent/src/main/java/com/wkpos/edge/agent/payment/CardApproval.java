package com.wkpos.edge.agent.payment;

import java.util.List;

/** A card payment the terminal approved and the journal recorded, waiting for (or used by) its sale. */
public record CardApproval(String id, long amount, String receiptNo, String maskedPan, String cardType,
                           List<String> slip) {
    public CardApproval {
        slip = List.copyOf(slip);
    }
}

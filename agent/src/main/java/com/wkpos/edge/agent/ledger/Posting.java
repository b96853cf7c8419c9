package com.wkpos.edge.agent.ledger;

/**
 * One line of a double-entry ledger transaction: exactly one of debit and credit is positive.
 * Amounts are minor units of the transaction's currency.
 */
public record Posting(String id, String account, long debit, long credit, String memo) {
    public Posting {
        if (debit < 0 || credit < 0 || (debit == 0) == (credit == 0)) {
            throw new IllegalArgumentException("posting to " + account + " needs exactly one positive side, was debit="
                    + debit + " credit=" + credit);
        }
    }

    public static Posting debit(String id, String account, long amount, String memo) {
        return new Posting(id, account, amount, 0, memo);
    }

    public static Posting credit(String id, String account, long amount, String memo) {
        return new Posting(id, account, 0, amount, memo);
    }
}

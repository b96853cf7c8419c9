package com.wkpos.edge.agent.ledger;

/** The branch chart of accounts (a small SKR-like numbering; HQ maps them to its own). */
public final class Accounts {
    public static final String CASH = "1000-CASH";
    public static final String SALES_REVENUE = "4000-SALES";
    public static final String CASH_ROUNDING = "4990-ROUNDING";
    private static final String TAX_PAYABLE_PREFIX = "2200-VAT-";

    private Accounts() {
    }

    /** Output tax payable, one account per tax rate code. */
    public static String taxPayable(String taxCode) {
        return TAX_PAYABLE_PREFIX + taxCode;
    }
}

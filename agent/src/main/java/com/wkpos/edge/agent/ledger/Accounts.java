package com.wkpos.edge.agent.ledger;

/** The branch chart of accounts (a small SKR-like numbering; HQ maps them to its own). */
public final class Accounts {
    public static final String CASH = "1000-CASH";
    public static final String SALES_REVENUE = "4000-SALES";
    public static final String CASH_ROUNDING = "4990-ROUNDING";
    /** Cash kept in the back office: opening floats come from it, shift closings and cash-outs go to it. */
    public static final String SAFE = "1090-SAFE";
    public static final String CARD_CLEARING = "1200-CARD-CLEARING";
    public static final String MOBILE_CLEARING = "1210-MOBILE-CLEARING";
    /**
     * Goods taken back in an exchange: credited by the return, debited by the sale it pays for in the same
     * transaction, so it is always back to zero.
     */
    public static final String EXCHANGE_CLEARING = "1290-EXCHANGE-CLEARING";
    /** What the branch owes holders of gift cards and customers with store credit (liabilities). */
    public static final String GIFT_CARDS = "2300-GIFT-CARDS";
    public static final String STORE_CREDIT = "2310-STORE-CREDIT";
    public static final String LOYALTY_EXPENSE = "6100-LOYALTY";
    public static final String CASH_VARIANCE = "6960-CASH-VARIANCE";
    /** What customers owe for service jobs (an asset); paid down by their payments. */
    public static final String RECEIVABLES = "1400-RECEIVABLES";
    /** The branch's bank account: transfers from customers, expenses paid by bank. */
    public static final String BANK = "1800-BANK";
    public static final String SERVICE_REVENUE = "4100-SERVICE";
    private static final String EXPENSE_PREFIX = "6300-EXP-";
    private static final String FOREIGN_CASH_PREFIX = "1010-CASH-";
    private static final String TAX_PAYABLE_PREFIX = "2200-VAT-";

    private Accounts() {
    }

    /** Foreign banknotes in the drawer, carried at their value in the branch currency when taken. */
    public static String foreignCash(String currency) {
        return FOREIGN_CASH_PREFIX + currency;
    }

    /** Operating expenses, one account per back-office expense category. */
    public static String expense(String category) {
        return EXPENSE_PREFIX + category;
    }

    /** Where money is (cash in drawers and the safe, card and mobile clearing, the bank): what a cash flow follows. */
    public static boolean isMoney(String account) {
        return account.equals(CASH) || account.startsWith(FOREIGN_CASH_PREFIX) || account.equals(SAFE)
                || account.equals(CARD_CLEARING) || account.equals(MOBILE_CLEARING) || account.equals(BANK);
    }

    /** Output tax payable, one account per tax rate code. */
    public static String taxPayable(String taxCode) {
        return TAX_PAYABLE_PREFIX + taxCode;
    }
}

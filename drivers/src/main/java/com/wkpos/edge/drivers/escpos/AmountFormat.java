package com.wkpos.edge.drivers.escpos;

/**
 * Formats minor units as receipts show them: {@code 12,58 €}, {@code -0,50 €}, {@code 3,00 CHF}. Two
 * decimals for every currency (no currency this appliance sells in has another count). Immutable.
 *
 * @param decimalSeparator ',' or '.'
 * @param euroPrintable    false when the code page has no € (the symbol is then spelled EUR)
 */
record AmountFormat(char decimalSeparator, boolean euroPrintable) {

    String format(long minor, String currency) {
        long abs = Math.abs(minor);
        String digits = (abs / 100) + String.valueOf(decimalSeparator) + twoDigits(abs % 100);
        return (minor < 0 ? "-" : "") + digits + " " + symbol(currency);
    }

    /** Basis points as a percentage without trailing zeros: 1900 → {@code 19 %}, 750 → {@code 7,5 %}. */
    String rate(int basisPoints) {
        String whole = String.valueOf(basisPoints / 100);
        int cents = basisPoints % 100;
        if (cents == 0) {
            return whole + " %";
        }
        String fraction = cents % 10 == 0 ? String.valueOf(cents / 10) : twoDigits(cents);
        return whole + decimalSeparator + fraction + " %";
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : String.valueOf(n);
    }

    private String symbol(String currency) {
        return currency.equals("EUR") && euroPrintable ? "€" : currency;
    }
}

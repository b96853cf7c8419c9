package com.wkpos.edge.agent.fiscal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process data a till transaction is signed with, {@code processType} {@code Kassenbeleg-V1} (DSFinV-K,
 * Anhang I): {@code <BON_TYP>^<gross per VAT rate>^<payments>}. The five gross amounts are, in this order,
 * the rates 19 %, 7 %, 10.7 %, 5.5 % and 0 % (not taxable); payments are {@code <amount>:Bar[:<currency>]}
 * and {@code <amount>:Unbar}, cash first. Amounts have two decimals and a point. Pure.
 */
public final class ProcessData {
    public static final String KASSENBELEG = "Kassenbeleg-V1";
    /** The DSFinV-K VAT keys (UST_SCHLUESSEL 1..5) by rate in basis points, in the order the process data lists them. */
    static final List<Integer> RATES = List.of(1900, 700, 1070, 550, 0);

    /** A bon type of DSFinV-K: a receipt, or another process (a drawer opened without a sale). */
    public enum BonType { Beleg, AVSonstige }

    /**
     * One tender as the fiscal record sees it.
     *
     * @param cash     cash (Bar) or anything else (Unbar)
     * @param amount   minor units; in {@code currency}'s minor units for foreign cash
     * @param currency ISO 4217 code of foreign cash, null for the branch's own
     */
    public record Payment(boolean cash, long amount, String currency) {
    }

    /** Refused: an amount at a VAT rate the German fiscal record has no key for. */
    public static final class UnknownRateException extends IllegalArgumentException {
        UnknownRateException(int basisPoints) {
            super("VAT rate " + basisPoints / 100.0 + " % has no DSFinV-K VAT key (19, 7, 10.7, 5.5 or 0 %)");
        }
    }

    private ProcessData() {
    }

    /**
     * @param grossByRate gross amounts by VAT rate in basis points (not taxable amounts such as cash moves at 0)
     * @throws UnknownRateException for a rate outside the five
     */
    public static String kassenbeleg(BonType type, Map<Integer, Long> grossByRate, List<Payment> payments) {
        long[] slots = new long[RATES.size()];
        grossByRate.forEach((bp, gross) -> {
            int slot = RATES.indexOf(bp);
            if (slot < 0) {
                throw new UnknownRateException(bp);
            }
            slots[slot] += gross;
        });
        List<String> amounts = new ArrayList<>();
        for (long slot : slots) {
            amounts.add(decimal(slot));
        }
        Map<String, Long> bar = new LinkedHashMap<>();
        long unbar = 0;
        for (Payment p : payments) {
            if (p.cash()) {
                bar.merge(p.currency() == null ? "" : p.currency(), p.amount(), Long::sum);
            } else {
                unbar += p.amount();
            }
        }
        List<String> pays = new ArrayList<>();
        bar.forEach((currency, amount) -> pays.add(decimal(amount) + ":Bar" + (currency.isEmpty() ? "" : ":" + currency)));
        if (unbar != 0) {
            pays.add(decimal(unbar) + ":Unbar");
        }
        return type.name() + "^" + String.join("_", amounts) + "^" + String.join("_", pays);
    }

    /** A cash movement that is not a sale (float, cash in or out, transit to the safe): not taxable, paid in cash. */
    public static String cash(long amount) {
        return kassenbeleg(BonType.Beleg, Map.of(0, amount), List.of(new Payment(true, amount, null)));
    }

    /** A process without money, such as the drawer opened without a sale. */
    public static String other() {
        return kassenbeleg(BonType.AVSonstige, Map.of(), List.of());
    }

    /** The same process data with every amount negated: the fiscal record of a void. */
    public static String negate(String processData) {
        String[] parts = processData.split("\\^", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not Kassenbeleg-V1 process data: " + processData);
        }
        StringBuilder amounts = new StringBuilder();
        for (String a : parts[1].split("_")) {
            amounts.append(amounts.isEmpty() ? "" : "_").append(negateDecimal(a));
        }
        StringBuilder pays = new StringBuilder();
        for (String p : parts[2].isEmpty() ? new String[0] : parts[2].split("_")) {
            int colon = p.indexOf(':');
            pays.append(pays.isEmpty() ? "" : "_").append(negateDecimal(p.substring(0, colon))).append(p.substring(colon));
        }
        return parts[0] + "^" + amounts + "^" + pays;
    }

    private static String negateDecimal(String d) {
        if (d.matches("-?0\\.00")) {
            return "0.00";
        }
        return d.startsWith("-") ? d.substring(1) : "-" + d;
    }

    /** Minor units as DSFinV-K writes them: {@code 12.50}, {@code -0.05}. */
    public static String decimal(long minor) {
        long abs = Math.abs(minor);
        return (minor < 0 ? "-" : "") + abs / 100 + "." + (abs % 100 < 10 ? "0" : "") + abs % 100;
    }
}

package com.wkpos.edge.agent.print;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The customer's copy out of what a card terminal printed. Terminals send the merchant's and the
 * customer's copies one after the other, each with a title line ("Kundenbeleg", "Händlerbeleg", …); the
 * customer's goes on the receipt, the merchant's stays in the journal.
 */
final class CardSlips {
    private static final List<String> CUSTOMER = List.of("kundenbeleg", "kunden-beleg", "customer copy", "customer receipt");
    private static final List<String> MERCHANT = List.of("händlerbeleg", "haendlerbeleg", "merchant copy",
            "merchant receipt");

    private CardSlips() {
    }

    /**
     * The lines of the customer's copy, without its title (the receipt prints its own); all lines when the
     * terminal marked no copies; none when it printed only the merchant's.
     */
    static List<String> customerCopy(List<String> slip) {
        List<List<String>> copies = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : slip) {
            current.add(line);
            String kind = kind(line);
            if (kind != null) {
                current.removeLast();
                copies.add(current);
                kinds.add(kind);
                current = new ArrayList<>();
            }
        }
        if (kinds.isEmpty()) {
            return List.copyOf(slip);
        }
        for (int i = 0; i < copies.size(); i++) {
            if (kinds.get(i).equals("customer")) {
                return List.copyOf(copies.get(i));
            }
        }
        return List.of();
    }

    /** A copy's title line ends that copy (terminals print the title at the end or at the start; ours at the end). */
    private static String kind(String line) {
        String l = line.strip().toLowerCase(Locale.GERMAN).replace("*", "").strip();
        if (CUSTOMER.contains(l)) {
            return "customer";
        }
        return MERCHANT.contains(l) ? "merchant" : null;
    }
}

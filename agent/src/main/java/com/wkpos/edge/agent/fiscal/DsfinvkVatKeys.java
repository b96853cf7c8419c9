package com.wkpos.edge.agent.fiscal;

import java.util.Map;
import java.util.TreeMap;

/**
 * DSFinV-K VAT keys (UST_SCHLUESSEL): 1 = 19 %, 2 = 7 %, 3 = 10.7 %, 4 = 5.5 %, 5 = 0 % (not taxable),
 * the order {@link ProcessData} signs them in. A rate outside the five (a sale rung up on a till without a
 * security device) gets an individual key from 1000 on, as DSFinV-K allows, described in {@code vat.csv}.
 * Not thread-safe.
 */
final class DsfinvkVatKeys {
    static final int NOT_TAXABLE = 5;
    private static final int FIRST_INDIVIDUAL = 1000;
    private static final Map<Integer, String> NAMES = Map.of(1, "Regelsteuersatz", 2, "Ermäßigter Steuersatz",
            3, "Durchschnittsatz (§ 24 Abs. 1 Nr. 3 UStG)", 4, "Durchschnittsatz (§ 24 Abs. 1 Nr. 1 UStG)",
            5, "Nicht steuerbar");

    private final Map<Integer, Integer> individual = new TreeMap<>();

    /** The key of a rate in basis points. */
    int of(int basisPoints) {
        int standard = ProcessData.RATES.indexOf(basisPoints);
        if (standard >= 0) {
            return standard + 1;
        }
        return individual.computeIfAbsent(basisPoints, bp -> FIRST_INDIVIDUAL + individual.size());
    }

    /** The rate of a key in basis points. */
    int rate(int key) {
        if (key >= 1 && key <= ProcessData.RATES.size()) {
            return ProcessData.RATES.get(key - 1);
        }
        return individual.entrySet().stream().filter(e -> e.getValue() == key).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no VAT key " + key)).getKey();
    }

    /** Every key the export may use, by key: the five standard ones and the individual ones handed out. */
    Map<Integer, String> described() {
        Map<Integer, String> out = new TreeMap<>(NAMES);
        individual.forEach((bp, key) -> out.put(key, "Individueller Steuersatz " + DsfinvkTable.decimal(bp, 2) + " %"));
        return out;
    }

    /** The net of a gross amount at a key's rate, rounded half up to the cent (the tax is the rest). */
    long net(int key, long gross) {
        long bp = rate(key);
        if (bp == 0) {
            return gross;
        }
        long abs = Math.abs(gross);
        long net = (abs * 10_000 * 2 + (10_000 + bp)) / ((10_000 + bp) * 2);
        return gross < 0 ? -net : net;
    }
}

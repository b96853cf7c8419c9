package com.wkpos.edge.agent.fiscal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One till transaction (DSFinV-K "Bon") as the export writes it, in minor units with the till's signs:
 * money in is positive, money out (a refund, cash taken to the safe) negative. Its VAT rows are the sums of
 * its lines, so lines and VAT agree by construction; {@link #check} proves the payments agree too.
 *
 * @param id        the fiscal document ({@code sale:<id>}, …): BON_ID, and the TSE's client transaction id
 * @param number    BON_NR: the invoice number of a sale, the journal seq of anything else
 * @param kind      SALE, REFUND, VOID, FLOAT, CASH_IN, CASH_OUT, TRANSIT, GIFT_CARD_SALE, NO_SALE, …
 * @param type      BON_TYP: {@code Beleg}, or {@code AVSonstige} for a drawer opened without a sale
 * @param reference the sale a refund or void gives money back for, else null
 * @param fiscal    its fiscal record; empty on a till without a security device
 */
record DsfinvkBon(String id, long seq, long number, String kind, String type, Instant at, String staffId,
                  String staffName, String customerId, String customerName, String note, List<Line> lines,
                  List<Payment> payments, Reference reference, Optional<FiscalRecord> fiscal) {
    /**
     * A line (Bonpos) at one VAT key.
     *
     * @param quantity thousandths of a unit, negative for what was given back
     * @param gvTyp    the DSFinV-K business case: Umsatz, Anfangsbestand, Einzahlung, Auszahlung, Geldtransit, …
     * @param voucher  GUTSCHEIN_NR of a gift card sold, else null
     */
    record Line(int no, String text, String sku, String gvTyp, long quantity, int vatKey, long gross, long net,
                long tax, String voucher) {
    }

    /** The transaction another one refers to: its BON_ID, time and journal entry. */
    record Reference(String id, Instant at, long seq) {
    }

    /** VAT per key over the transaction's lines (Bonkopf_USt). */
    record Vat(int key, long gross, long net, long tax) {
    }

    /**
     * A payment (Bonkopf_Zahlarten).
     *
     * @param type     {@code Bar} or {@code Unbar}
     * @param currency the currency paid in; {@code foreign} its amount when that is not the till's own
     * @param amount   in the till's currency (BASISWAEH_BETRAG)
     */
    record Payment(String type, String name, String currency, Long foreign, long amount) {
    }

    DsfinvkBon {
        lines = List.copyOf(lines);
        payments = List.copyOf(payments);
    }

    long gross() {
        return lines.stream().mapToLong(Line::gross).sum();
    }

    List<Vat> vat() {
        Map<Integer, long[]> sums = new TreeMap<>();
        for (Line l : lines) {
            long[] s = sums.computeIfAbsent(l.vatKey(), k -> new long[3]);
            s[0] += l.gross();
            s[1] += l.net();
            s[2] += l.tax();
        }
        List<Vat> out = new ArrayList<>();
        sums.forEach((key, s) -> out.add(new Vat(key, s[0], s[1], s[2])));
        return out;
    }

    long cash() {
        return payments.stream().filter(p -> p.type().equals("Bar")).mapToLong(Payment::amount).sum();
    }

    /**
     * @param expected the transaction's total as the journal has it
     * @throws IllegalStateException when lines, payments and that total do not all agree
     */
    DsfinvkBon check(long expected) {
        long paid = payments.stream().mapToLong(Payment::amount).sum();
        long gross = gross();
        for (Line l : lines) {
            if (l.net() + l.tax() != l.gross()) {
                throw new IllegalStateException(id + " line " + l.no() + ": net " + l.net() + " + tax " + l.tax()
                        + " is not its gross " + l.gross());
            }
        }
        if (gross != expected || paid != expected) {
            throw new IllegalStateException(id + " does not add up: total " + expected + ", lines " + gross
                    + ", payments " + paid + " (minor units); the export would not reconcile");
        }
        return this;
    }

    /** Payments by type, name and currency, in the order first seen; zero sums left out. */
    static List<Payment> merged(List<Payment> payments) {
        Map<String, Payment> out = new LinkedHashMap<>();
        for (Payment p : payments) {
            out.merge(p.type() + "/" + p.name() + "/" + p.currency(), p, DsfinvkBon::plus);
        }
        return out.values().stream().filter(p -> p.amount() != 0).toList();
    }

    private static Payment plus(Payment a, Payment b) {
        Long foreign = a.foreign();
        if (b.foreign() != null) {
            foreign = foreign == null ? b.foreign() : Long.valueOf(foreign + b.foreign());
        }
        return new Payment(a.type(), a.name(), a.currency(), foreign, a.amount() + b.amount());
    }
}

package com.wkpos.edge.agent.fiscal;


/**
 * A till transaction that the security device (TSE) must sign, carried as {@code fiscal} in the payload
 * of the journal entry that made it (a sale, refund, void, cash movement, drawer opening). Whatever
 * entry carries one is signed after it committed, in journal order; nothing else needs to know.
 *
 * @param document    what is signed, unique in the journal: {@code sale:<id>}, {@code refund:<id>}, …; the
 *                    TSE's client transaction id
 * @param kind        the business case, for the export: SALE, REFUND, VOID, FLOAT, CASH_IN, CASH_OUT,
 *                    TRANSIT, DIFFERENCE, GIFT_CARD_SALE, NO_SALE
 * @param processType as the TSE is given it ({@link ProcessData#KASSENBELEG})
 * @param processData as the TSE is given it
 */
public record FiscalDocument(String document, String kind, String processType, String processData) {
    public FiscalDocument {
        if (document == null || !document.matches("[a-z-]+:[A-Za-z0-9:-]+")) {
            throw new IllegalArgumentException("fiscal document must be '<kind>:<id>', was " + document);
        }
        if (kind == null || processType == null || processData == null) {
            throw new IllegalArgumentException("fiscal document " + document + " needs kind, process type and data");
        }
    }

    public static FiscalDocument receipt(String document, String kind, String processData) {
        return new FiscalDocument(document, kind, ProcessData.KASSENBELEG, processData);
    }

    /** A cash movement that is no sale: not taxable, paid in cash ({@code amount} signed, drawer's view). */
    public static FiscalDocument cash(String document, String kind, long amount) {
        return receipt(document, kind, ProcessData.cash(amount));
    }
}

package com.wkpos.edge.agent.fiscal;

import com.wkpos.edge.agent.fiscal.DsfinvkBook.Closing;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The export's tables from a {@link DsfinvkBook}. Every record of a transaction carries the key of the Z
 * that closed it ({@code Z_KASSE_ID}, {@code Z_ERSTELLUNG}, {@code Z_NR}; the last two empty while no Z
 * has); the master tables (till, TSE, VAT keys) have a record for each such Z, as DSFinV-K keys them.
 */
final class DsfinvkTables {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final int MAX_ERROR = 200;

    private final DsfinvkBook book;
    private final DsfinvkExport.Till till;
    private final String kasse;
    private final Map<String, Integer> tseIds = new LinkedHashMap<>();
    private final Map<String, FiscalRecord> tses = new LinkedHashMap<>();

    final DsfinvkTable closings = new DsfinvkTable("cashpointclosing.csv", "Stamm_Abschluss",
            "Kassenabschluss (Z-Bon) mit Steuerpflichtigem und Summen der Zahlungen", "Z_KASSE_ID", "Z_ERSTELLUNG:date",
            "Z_NR:integer", "Z_BUCHUNGSTAG:date", "TAXONOMIE_VERSION", "Z_START_ID", "Z_ENDE_ID", "NAME", "STRASSE", "PLZ",
            "ORT", "LAND", "STNR", "USTID", "Z_SE_ZAHLUNGEN:amount", "Z_SE_BARZAHLUNGEN:amount");
    final DsfinvkTable registers = new DsfinvkTable("cashregister.csv", "Stamm_Kassen", "Die Kasse", "Z_KASSE_ID",
            "Z_ERSTELLUNG:date", "Z_NR:integer", "KASSE_BRAND", "KASSE_MODELL", "KASSE_SERIENNR", "KASSE_SW_BRAND",
            "KASSE_SW_VERSION", "KASSE_BASISWAEH_CODE", "KEINE_UST_ZUORDNUNG");
    final DsfinvkTable tse = new DsfinvkTable("tse.csv", "Stamm_TSE", "Die Sicherheitseinrichtungen (TSE)", "Z_KASSE_ID",
            "Z_ERSTELLUNG:date", "Z_NR:integer", "TSE_ID:integer", "TSE_SERIAL", "TSE_SIG_ALGO", "TSE_ZEITFORMAT",
            "TSE_PD_ENCODING", "TSE_PUBLIC_KEY", "TSE_ZERTIFIKAT_I", "TSE_ZERTIFIKAT_II");
    final DsfinvkTable vat = new DsfinvkTable("vat.csv", "Stamm_USt", "Umsatzsteuerschlüssel", "Z_KASSE_ID",
            "Z_ERSTELLUNG:date", "Z_NR:integer", "UST_SCHLUESSEL:integer", "UST_SATZ:amount", "UST_BESCHR");
    final DsfinvkTable transactions = new DsfinvkTable("transactions.csv", "Bonkopf", "Ein Datensatz je Vorgang",
            "Z_KASSE_ID", "Z_ERSTELLUNG:date", "Z_NR:integer", "BON_ID", "BON_NR:integer", "BON_TYP", "BON_NAME",
            "TERMINAL_ID", "BON_STORNO:integer", "BON_START:date", "BON_ENDE:date", "BEDIENER_ID", "BEDIENER_NAME",
            "UMS_BRUTTO:amount", "KUNDE_NAME", "KUNDE_ID", "BON_NOTIZ");
    final DsfinvkTable transactionsVat = new DsfinvkTable("transactions_vat.csv", "Bonkopf_USt",
            "Umsatz je Vorgang und Steuerschlüssel", "Z_KASSE_ID", "Z_ERSTELLUNG:date", "Z_NR:integer", "BON_ID",
            "UST_SCHLUESSEL:integer", "BON_BRUTTO:amount", "BON_NETTO:amount", "BON_UST:amount");
    final DsfinvkTable payments = new DsfinvkTable("datapayment.csv", "Bonkopf_Zahlarten", "Zahlungen je Vorgang",
            "Z_KASSE_ID", "Z_ERSTELLUNG:date", "Z_NR:integer", "BON_ID", "ZAHLART_TYP", "ZAHLART_NAME", "ZAHLWAEH_CODE",
            "ZAHLWAEH_BETRAG:amount", "BASISWAEH_BETRAG:amount");
    final DsfinvkTable references = new DsfinvkTable("references.csv", "Bon_Referenzen",
            "Vorgänge, die sich auf andere beziehen (Erstattung, Storno)", "Z_KASSE_ID", "Z_ERSTELLUNG:date",
            "Z_NR:integer", "BON_ID", "POS_ZEILE:integer", "REF_TYP", "REF_NAME", "REF_DATUM:date", "REF_Z_KASSE_ID",
            "REF_Z_NR:integer", "REF_BON_ID");
    final DsfinvkTable lines = new DsfinvkTable("lines.csv", "Bonpos", "Positionen je Vorgang", "Z_KASSE_ID",
            "Z_ERSTELLUNG:date", "Z_NR:integer", "BON_ID", "POS_ZEILE:integer", "GUTSCHEIN_NR", "ARTIKELTEXT", "GV_TYP",
            "GV_NAME", "P_STORNO:integer", "ART_NR", "MENGE:quantity", "FAKTOR:quantity", "EINHEIT", "STK_BR:amount");
    final DsfinvkTable linesVat = new DsfinvkTable("lines_vat.csv", "Bonpos_USt", "Positionen je Steuerschlüssel",
            "Z_KASSE_ID", "Z_ERSTELLUNG:date", "Z_NR:integer", "BON_ID", "POS_ZEILE:integer", "UST_SCHLUESSEL:integer",
            "POS_BRUTTO:amount", "POS_NETTO:amount", "POS_UST:amount");
    final DsfinvkTable tseTransactions = new DsfinvkTable("transactions_tse.csv", "TSE_Transaktionen",
            "Die TSE-Transaktion je Vorgang, auch ausgefallene", "Z_KASSE_ID", "Z_ERSTELLUNG:date", "Z_NR:integer",
            "BON_ID", "TSE_ID:integer", "TSE_TANR:integer", "TSE_TA_START:date", "TSE_TA_ENDE:date", "TSE_TA_VORGANGSART",
            "TSE_TA_SIGZ:integer", "TSE_TA_SIG", "TSE_TA_FEHLER", "TSE_VORGANGSDATEN");

    DsfinvkTables(DsfinvkBook book, DsfinvkExport.Till till) {
        this.book = book;
        this.till = till;
        this.kasse = Fiscal.clientId(book.deviceId);
        for (DsfinvkBon b : book.bons) {
            b.fiscal().filter(FiscalRecord::signed).ifPresent(this::tseOf);
        }
        book.closed.values().forEach(bons -> bons.forEach(b -> b.fiscal().filter(FiscalRecord::signed)
                .ifPresent(this::tseOf)));
        for (DsfinvkBon b : book.bons) {
            transaction(b);
        }
        for (Closing z : book.closings) {
            closing(z);
        }
        if (book.bons.stream().anyMatch(b -> book.closingOf(b.seq()).isEmpty())) {
            master(null, book.bons.stream().filter(b -> book.closingOf(b.seq()).isEmpty()).toList());
        }
    }

    List<DsfinvkTable> all() {
        return List.of(closings, registers, tse, vat, transactions, transactionsVat, payments, references, lines,
                linesVat, tseTransactions);
    }

    private int tseOf(FiscalRecord r) {
        tses.putIfAbsent(r.tseSerial(), r);
        return tseIds.computeIfAbsent(r.tseSerial(), s -> tseIds.size() + 1);
    }

    private void closing(Closing z) {
        List<DsfinvkBon> bons = book.closed.get(z.zNo());
        long paid = bons.stream().flatMap(b -> b.payments().stream()).mapToLong(DsfinvkBon.Payment::amount).sum();
        long cash = bons.stream().mapToLong(DsfinvkBon::cash).sum();
        closings.add(kasse, local(z.createdAt()), z.zNo(), z.businessDate(), DsfinvkExport.TAXONOMY_VERSION,
                bons.isEmpty() ? null : bons.getFirst().id(), bons.isEmpty() ? null : bons.getLast().id(),
                till.branchName(), null, null, null, null, null, null, paid, cash);
        master(z, bons);
    }

    /** The master records of one Z (null: the transactions no Z closed yet). */
    private void master(Closing z, List<DsfinvkBon> bons) {
        Object[] key = key(z);
        registers.add(key[0], key[1], key[2], "WK POS", "WK Edge", book.deviceId, "WK Edge", till.softwareVersion(),
                book.currency, null);
        Set<String> serials = new LinkedHashSet<>();
        bons.forEach(b -> b.fiscal().filter(FiscalRecord::signed).ifPresent(r -> serials.add(r.tseSerial())));
        for (String serial : serials) {
            FiscalRecord r = tses.get(serial);
            tse.add(key[0], key[1], key[2], tseIds.get(serial), serial, r.algorithm(), r.timeFormat(), "UTF-8",
                    r.publicKey(), null, null);
        }
        book.keys.described().forEach((k, text) -> vat.add(key[0], key[1], key[2], k, (long) book.keys.rate(k), text));
    }

    private void transaction(DsfinvkBon b) {
        Object[] key = key(book.closingOf(b.seq()).orElse(null));
        transactions.add(key[0], key[1], key[2], b.id(), b.number(), b.type(), name(b), null,
                b.kind().equals("VOID") ? 1 : 0, local(b.at()), local(b.at()), b.staffId(), b.staffName(), b.gross(),
                b.customerName(), b.customerId(), b.note());
        for (DsfinvkBon.Vat v : b.vat()) {
            transactionsVat.add(key[0], key[1], key[2], b.id(), v.key(), v.gross(), v.net(), v.tax());
        }
        for (DsfinvkBon.Payment p : b.payments()) {
            payments.add(key[0], key[1], key[2], b.id(), p.type(), p.name(), p.currency(), p.foreign(), p.amount());
        }
        if (b.reference() != null) {
            Object[] ref = key(book.closingOf(b.reference().seq()).orElse(null));
            references.add(key[0], key[1], key[2], b.id(), null, "Transaktion", name(b), local(b.reference().at()),
                    kasse, ref[2], b.reference().id());
        }
        for (DsfinvkBon.Line l : b.lines()) {
            lines.add(key[0], key[1], key[2], b.id(), l.no(), l.voucher(), l.text(), l.gvTyp(), null, 0, l.sku(),
                    l.quantity(), 1000L, "Stück", unitPrice(l));
            linesVat.add(key[0], key[1], key[2], b.id(), l.no(), l.vatKey(), l.gross(), l.net(), l.tax());
        }
        b.fiscal().ifPresent(r -> tseTransaction(key, b, r));
    }

    private void tseTransaction(Object[] key, DsfinvkBon b, FiscalRecord r) {
        if (r.signed()) {
            tseTransactions.add(key[0], key[1], key[2], b.id(), tseIds.get(r.tseSerial()), r.transactionNumber(),
                    r.startTime(), r.logTime(), r.processType(), r.signatureCounter(), r.signature(), null,
                    r.processData());
            return;
        }
        String error = r.pending() ? "noch nicht signiert (Export vor der Signatur)" : "TSE ausgefallen: " + r.error();
        tseTransactions.add(key[0], key[1], key[2], b.id(), null, null, null, null, r.processType(), null, null,
                error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error, r.processData());
    }

    /** The unit price after discounts, to the cent; the exact line amount is in lines_vat.csv. */
    private static long unitPrice(DsfinvkBon.Line l) {
        if (l.quantity() == 0) {
            return 0;
        }
        long scaled = Math.multiplyExact(l.gross(), 1000L);
        long q = l.quantity();
        long half = Math.abs(q) / 2;
        long abs = (Math.abs(scaled) + half) / Math.abs(q);
        return Long.signum(scaled) * Long.signum(q) < 0 ? -abs : abs;
    }

    private static String name(DsfinvkBon b) {
        return DsfinvkReader.name(b.id(), b.kind());
    }

    private Object[] key(Closing z) {
        return z == null ? new Object[] {kasse, null, null} : new Object[] {kasse, local(z.createdAt()), z.zNo()};
    }

    private String local(Instant t) {
        return LOCAL.format(t.atZone(till.zone()));
    }
}

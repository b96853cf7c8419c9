package com.wkpos.edge.agent.fiscal;

import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.drivers.fiscal.TseQrCode;
import com.wkpos.edge.drivers.fiscal.TseVerifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The till's fiscal record (KassenSichV): every entry that carries a {@link FiscalDocument} is signed by
 * the security device after it committed ({@link FiscalRecorder}); receipts print its signature and QR
 * code; {@code journal verify} checks every signature; {@link DsfinvkExport} writes the auditor's export.
 */
public final class Fiscal {
    private Fiscal() {
    }

    public static void register(Projections.Builder projections) {
        projections.everyEntry(FiscalRecords::pending)
                .on(FiscalRecorder.SIGNED, FiscalRecords::signed)
                .on(FiscalRecorder.FAILED, FiscalRecords::failed)
                .table("fiscal_records", "document", "seq");
    }

    /**
     * The till's serial number as the security device and the export know it: {@code WK} and 28 hex digits
     * of the device id (TR-03153 allows 30 characters).
     */
    public static String clientId(String deviceId) {
        String hex = deviceId.replace("-", "");
        return "WK" + hex.substring(hex.length() - 28);
    }

    public static Optional<FiscalRecord> find(Journal journal, String document) {
        return journal.read(c -> FiscalRecords.find(c, document));
    }

    /** Whether a document may be printed: it has no fiscal record, or its record is signed or failed. */
    public static boolean settled(Journal journal, String document) {
        return find(journal, document).map(r -> !r.pending()).orElse(true);
    }

    /**
     * {@code journal verify}: every signed record's QR code verifies against the device's public key (as an
     * auditor's tool checks a receipt), transaction numbers are never reused, and signature counters only
     * grow in the order the records were signed.
     */
    public static JournalVerifier.Check check() {
        return new JournalVerifier.Check() {
            @Override
            public String name() {
                return "fiscal-signatures";
            }

            @Override
            public Optional<JournalVerifier.Finding> run(Connection c) throws SQLException {
                List<FiscalRecord> signed = FiscalRecords.signedInOrder(c);
                Set<String> transactions = new HashSet<>();
                long counter = -1;
                for (FiscalRecord r : signed) {
                    if (!TseVerifier.verify(TseQrCode.parse(r.qrCode()))) {
                        return finding(r, "the signature of " + r.document() + " does not verify");
                    }
                    if (!transactions.add(r.tseSerial() + "/" + r.transactionNumber())) {
                        return finding(r, "TSE transaction " + r.transactionNumber() + " is used twice");
                    }
                    if (r.signatureCounter() <= counter) {
                        return finding(r, "signature counter " + r.signatureCounter() + " after " + counter);
                    }
                    counter = r.signatureCounter();
                }
                return Optional.empty();
            }

            private Optional<JournalVerifier.Finding> finding(FiscalRecord r, String detail) {
                return Optional.of(new JournalVerifier.Finding(name(), r.entrySeq(), detail));
            }
        };
    }
}

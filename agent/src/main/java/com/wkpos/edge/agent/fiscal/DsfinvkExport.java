package com.wkpos.edge.agent.fiscal;

import com.wkpos.edge.agent.journal.Database;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalUnavailableException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The auditor's export (DSFinV-K, a subset of version 2.x) of a period: a zip of CSV tables and an
 * {@code index.xml} describing them. Per transaction (sale, refund, void, float, cash in and out, transit to
 * the safe, gift card sold, drawer opened): its header ({@code transactions.csv}) with the number of the Z
 * that closed it, VAT per key, payments, lines, what it refers to, and its TSE transaction (failures and
 * outages included); per Z report its closing record; the till, its TSEs and the VAT keys as master data.
 * Amounts come from the journal's minor units, money out negative; for every transaction its lines, VAT rows
 * and payments add up to its total, or the export is refused. Reads one consistent snapshot, writes nothing
 * to the journal.
 *
 * <p>Where the subset simplifies: payment types are only {@code Bar} and {@code Unbar} (the method is in
 * ZAHLART_NAME; a gift card or store credit redeemed is {@code Unbar}); cash rounding is a line of its own
 * at key 5; STK_BR is the unit price after discounts to the cent (the exact line amount is in
 * {@code lines_vat.csv}); BON_NR is the invoice number of a sale and the journal seq of anything else;
 * TERMINAL_ID, addresses and tax numbers are left empty (the journal does not hold them). Left out: the
 * other master tables (locations, terminals, agencies), the per-Z summary tables (businesscases, payment,
 * cash_per_currency), order data and line-level price breakdowns.
 */
public final class DsfinvkExport {
    /** The DFKA taxonomy version the tables follow. */
    public static final String TAXONOMY_VERSION = "2.3";
    static final String USAGE = "usage: wk-edge fiscal export --state-dir DIR --from YYYY-MM-DD --to YYYY-MM-DD"
            + " --out FILE.zip [--force] [--zone ZONE] [--branch-name NAME]";

    /**
     * What the export says about the till beyond the journal.
     *
     * @param branchName NAME of the closings; null when not known
     * @param zone       the branch's time zone: business dates and the local times written
     */
    public record Till(String branchName, ZoneId zone, String softwareVersion) {
    }

    /** What an export holds. */
    public record Summary(LocalDate from, LocalDate to, int transactions, int sales, int refunds, List<Long> zReports,
                          int tseRecords, int tseFailures, long gross, String currency) {
        public String line() {
            return "DSFinV-K export " + from + " to " + to + ": " + transactions + " transactions (" + sales + " sales, "
                    + refunds + " refunds/voids, " + (transactions - sales - refunds) + " other), " + zReports.size()
                    + " Z report" + (zReports.size() == 1 ? "" : "s") + (zReports.isEmpty() ? "" : " " + zReports)
                    + ", " + tseRecords + " TSE records (" + tseFailures + " not signed), gross "
                    + DsfinvkTable.decimal(gross, 2) + " " + currency;
        }
    }

    private DsfinvkExport() {
    }

    /**
     * Writes the export of the business days {@code from..to} (inclusive) as a zip to {@code out}.
     *
     * @throws IllegalStateException when a transaction does not add up (nothing sensible can be written)
     */
    public static Summary write(Connection c, LocalDate from, LocalDate to, Till till, OutputStream out)
            throws SQLException, IOException {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
        DsfinvkBook book = DsfinvkBook.read(c, from, to, till.zone());
        DsfinvkTables tables = new DsfinvkTables(book, till);
        String kasse = Fiscal.clientId(book.deviceId);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            entry(zip, "index.xml", DsfinvkIndex.of(tables.all(), till.branchName() == null ? kasse : till.branchName(),
                    kasse, "WK Edge " + till.softwareVersion() + ": DSFinV-K export (subset of " + TAXONOMY_VERSION + ")",
                    from, to, till.zone()));
            for (DsfinvkTable t : tables.all()) {
                entry(zip, t.file(), t.bytes());
            }
        }
        List<DsfinvkBon> bons = book.bons;
        return new Summary(from, to, bons.size(), (int) bons.stream().filter(b -> b.kind().equals("SALE")).count(),
                (int) bons.stream().filter(b -> b.reference() != null).count(),
                book.closings.stream().map(DsfinvkBook.Closing::zNo).toList(),
                (int) bons.stream().filter(b -> b.fiscal().isPresent()).count(),
                (int) bons.stream().filter(b -> b.fiscal().filter(r -> !r.signed()).isPresent()).count(),
                bons.stream().mapToLong(DsfinvkBon::gross).sum(), book.currency);
    }

    /**
     * Exports from the journal under {@code stateDir}, opened read-only (the agent may be stopped or running).
     * The file appears whole or not at all: it is written aside and moved into place.
     *
     * @throws IllegalArgumentException for a missing state directory or journal, or an existing {@code out}
     *                                  without {@code replace}; nothing is written then
     */
    public static Summary export(Path stateDir, LocalDate from, LocalDate to, Till till, Path out, boolean replace) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to);
        }
        if (!Files.isDirectory(stateDir)) {
            throw new IllegalArgumentException("no state directory " + stateDir);
        }
        Path journal = stateDir.resolve(Journal.FILE_NAME);
        if (!Files.isRegularFile(journal)) {
            throw new IllegalArgumentException("no journal in " + stateDir + " (" + Journal.FILE_NAME + " is missing)");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the folder of " + out + " does not exist");
        }
        if (Files.exists(out) && !replace) {
            throw new IllegalArgumentException(out + " exists; pass --force to replace it");
        }
        Database.nativeTmpDirUnder(stateDir);
        Path aside = folder.resolve("." + out.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Summary summary;
            try (Connection c = Database.open(journal, true); OutputStream o = Files.newOutputStream(aside)) {
                requireFiscalTables(c, journal);
                Database.exec(c, "BEGIN");
                try {
                    summary = write(c, from, to, till, o);
                } finally {
                    Database.exec(c, "ROLLBACK");
                }
            }
            Files.move(aside, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return summary;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + journal + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(aside);
            } catch (IOException e) {
                // the export itself succeeded or already failed with its own reason; a stray temporary file stays
            }
        }
    }

    private static void requireFiscalTables(Connection c, Path journal) throws SQLException {
        if (DsfinvkBook.text(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'fiscal_records'")
                .isEmpty()) {
            throw new IllegalStateException("the journal " + journal + " predates fiscal records; start the agent"
                    + " of this version on it once, then export");
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * {@code wk-edge fiscal export …} ({@code --zone} defaults to Europe/Berlin, the till's default): exit 0
     * with a one-line summary, or 2 with a one-line reason and no file.
     */
    public static int run(List<String> args, PrintStream out, PrintStream err, String softwareVersion) {
        if (args.isEmpty() || !args.getFirst().equals("export")) {
            err.println(USAGE);
            return 2;
        }
        try {
            Map<String, String> o = options(args.subList(1, args.size()));
            LocalDate from = date(o, "--from");
            LocalDate to = date(o, "--to");
            ZoneId zone = zone(o.getOrDefault("--zone", "Europe/Berlin"));
            Path file = Path.of(o.get("--out"));
            Summary s = export(Path.of(o.get("--state-dir")), from, to, new Till(o.get("--branch-name"), zone,
                    softwareVersion), file, o.containsKey("--force"));
            out.println(s.line() + " -> " + file);
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | JournalUnavailableException e) {
            err.println("wk-edge fiscal export: " + e.getMessage());
            return 2;
        }
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> o = new TreeMap<>();
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            switch (arg) {
                case "--force" -> o.put(arg, "true");
                case "--state-dir", "--from", "--to", "--out", "--zone", "--branch-name" -> {
                    if (!it.hasNext()) {
                        throw new IllegalArgumentException(arg + " needs a value; " + USAGE);
                    }
                    o.put(arg, it.next());
                }
                default -> throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            }
        }
        for (String required : List.of("--state-dir", "--from", "--to", "--out")) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException(required + " is required; " + USAGE);
            }
        }
        return o;
    }

    private static LocalDate date(Map<String, String> o, String option) {
        try {
            return LocalDate.parse(o.get(option));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(option + " must be a date YYYY-MM-DD, was '" + o.get(option) + "'", e);
        }
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--zone: unknown time zone '" + id + "'", e);
        }
    }
}

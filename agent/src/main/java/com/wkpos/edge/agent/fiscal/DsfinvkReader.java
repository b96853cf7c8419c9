package com.wkpos.edge.agent.fiscal;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.fiscal.DsfinvkBon.Line;
import com.wkpos.edge.agent.fiscal.DsfinvkBon.Payment;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads transactions for the export: sales and refunds from their tables (lines, payments net of change,
 * cash rounding as a line of its own), every other fiscal document from its signed process data. Each
 * comes back checked: its lines, its payments and the journal's total agree.
 */
final class DsfinvkReader {
    private static final Map<String, String> CASES = Map.of("FLOAT", "Anfangsbestand", "CASH_IN", "Einzahlung",
            "CASH_OUT", "Auszahlung", "TRANSIT", "Geldtransit", "DIFFERENCE", "DifferenzSollIst",
            "GIFT_CARD_SALE", "MehrzweckgutscheinKauf");
    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("SALE", "Verkauf"),
            Map.entry("REFUND", "Erstattung"), Map.entry("VOID", "Storno"), Map.entry("FLOAT", "Wechselgeld-Einlage"),
            Map.entry("CASH_IN", "Einzahlung"), Map.entry("CASH_OUT", "Auszahlung"), Map.entry("TRANSIT", "Geldtransit"),
            Map.entry("DIFFERENCE", "Kassendifferenz"), Map.entry("GIFT_CARD_SALE", "Gutscheinverkauf"),
            Map.entry("NO_SALE", "Schublade ohne Verkauf geöffnet"));
    private static final Map<String, String> PAYMENT_NAMES = Map.of("CASH", "Bar", "CARD", "Karte", "MOBILE",
            "Mobile Zahlung", "GIFT_CARD", "Gutschein", "STORE_CREDIT", "Kundenguthaben", "EXCHANGE", "Umtausch");
    private static final String ROUNDING = "Rundung";

    private final Connection c;
    private final DsfinvkVatKeys keys;
    private final String currency;
    private final Map<String, String> staffNames;

    DsfinvkReader(Connection c, DsfinvkVatKeys keys, String currency, Map<String, String> staffNames) {
        this.c = c;
        this.keys = keys;
        this.currency = currency;
        this.staffNames = staffNames;
    }

    /** Sales whose UTC date is within {@code from..to} or whose entry is within {@code lo..hi}. */
    List<DsfinvkBon> sales(String from, String to, long lo, long hi) throws SQLException {
        List<DsfinvkBon> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.seq, s.invoice_no, s.occurred_at, s.total,"
                + " s.rounding, s.change_due, s.staff_id, s.cashier, s.actor, s.customer_id, cu.name FROM sales s"
                + " LEFT JOIN customers cu ON cu.id = s.customer_id WHERE substr(s.occurred_at, 1, 10) BETWEEN ? AND ?"
                + " OR s.seq BETWEEN ? AND ? ORDER BY s.seq");
             PreparedStatement lines = c.prepareStatement("SELECT line_no, name, sku, qty, total, net, tax, tax_bp"
                     + " FROM sale_lines WHERE sale_id = ? ORDER BY line_no");
             PreparedStatement pays = c.prepareStatement("SELECT method, amount, foreign_currency, foreign_amount"
                     + " FROM payments WHERE sale_id = ? ORDER BY rowid")) {
            bind(ps, from, to, lo, hi);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    List<Line> ls = lines(lines, id, 1);
                    addRounding(ls, rs.getLong(6));
                    List<Payment> paid = new ArrayList<>();
                    pays.setString(1, id);
                    try (ResultSet p = pays.executeQuery()) {
                        while (p.next()) {
                            String foreign = p.getString(3);
                            paid.add(payment(p.getString(1), foreign == null ? currency : foreign,
                                    foreign == null ? null : p.getLong(4), p.getLong(2)));
                        }
                    }
                    paid.add(new Payment("Bar", PAYMENT_NAMES.get("CASH"), currency, null, -rs.getLong(7)));
                    String staffId = rs.getString(8) != null ? rs.getString(8) : staffId(rs.getString(10));
                    String document = "sale:" + id;
                    out.add(new DsfinvkBon(document, rs.getLong(2), rs.getLong(3), "SALE", "Beleg",
                            Instant.parse(rs.getString(4)), staffId, rs.getString(9) != null ? rs.getString(9)
                            : staffNames.get(staffId), rs.getString(11), rs.getString(12), null, ls,
                            DsfinvkBon.merged(paid), null, FiscalRecords.find(c, document)).check(rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /** Refunds and voids, as {@link #sales}: every amount negative, as the money went out. */
    List<DsfinvkBon> refunds(String from, String to, long lo, long hi) throws SQLException {
        List<DsfinvkBon> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.seq, r.sale_id, r.kind, r.amount, r.reason,"
                + " r.actor, r.occurred_at, s.customer_id, cu.name, s.occurred_at, s.seq FROM refunds r JOIN sales s ON s.id = r.sale_id"
                + " LEFT JOIN customers cu ON cu.id = s.customer_id WHERE substr(r.occurred_at, 1, 10) BETWEEN ? AND ?"
                + " OR r.seq BETWEEN ? AND ? ORDER BY r.seq");
             PreparedStatement lines = c.prepareStatement("SELECT rl.line_no, sl.name, sl.sku, rl.qty, rl.total, rl.net,"
                     + " rl.tax, sl.tax_bp FROM refund_lines rl JOIN refunds r ON r.id = rl.refund_id JOIN sale_lines sl"
                     + " ON sl.sale_id = r.sale_id AND sl.line_no = rl.line_no WHERE rl.refund_id = ? ORDER BY rl.line_no");
             PreparedStatement pays = c.prepareStatement("SELECT method, amount FROM refund_payments WHERE refund_id = ?"
                     + " ORDER BY rowid")) {
            bind(ps, from, to, lo, hi);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long amount = rs.getLong(5);
                    List<Line> ls = lines(lines, id, -1);
                    addRounding(ls, -amount - ls.stream().mapToLong(Line::gross).sum());
                    List<Payment> paid = new ArrayList<>();
                    pays.setString(1, id);
                    try (ResultSet p = pays.executeQuery()) {
                        while (p.next()) {
                            String[] method = p.getString(1).split(":", 2);
                            paid.add(payment(method[0], method.length > 1 ? method[1] : currency, null, -p.getLong(2)));
                        }
                    }
                    String kind = rs.getString(4);
                    String staffId = staffId(rs.getString(7));
                    String document = "refund:" + id;
                    out.add(new DsfinvkBon(document, rs.getLong(2), rs.getLong(2), kind, "Beleg",
                            Instant.parse(rs.getString(8)), staffId, staffNames.get(staffId), rs.getString(9),
                            rs.getString(10), rs.getString(6), ls, DsfinvkBon.merged(paid), new DsfinvkBon.Reference("sale:"
                            + rs.getString(3), Instant.parse(rs.getString(11)), rs.getLong(12)),
                            FiscalRecords.find(c, document)).check(-amount));
                }
            }
        }
        return out;
    }

    /** Every fiscal document that is no sale or refund, its amounts from the process data it was signed with. */
    List<DsfinvkBon> others() throws SQLException {
        List<DsfinvkBon> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT f.document, f.entry_seq, f.kind, f.process_data,"
                + " j.payload, j.hlc FROM fiscal_records f JOIN journal j ON j.seq = f.entry_seq"
                + " WHERE f.document NOT LIKE 'sale:%' AND f.document NOT LIKE 'refund:%' ORDER BY f.entry_seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String document = rs.getString(1);
                String kind = rs.getString(3);
                JsonNode payload = DsfinvkBook.payload(rs.getString(5));
                String[] parts = rs.getString(4).split("\\^", -1);
                if (parts.length != 3) {
                    throw new IllegalStateException(document + ": process data is not Kassenbeleg-V1: " + rs.getString(4));
                }
                String name = name(document, kind);
                String voucher = kind.equals("GIFT_CARD_SALE") ? payload.path("code").asText(null) : null;
                List<Line> ls = new ArrayList<>();
                String[] slots = parts[1].isEmpty() ? new String[0] : parts[1].split("_");
                long total = 0;
                for (int i = 0; i < slots.length; i++) {
                    long gross = cents(document, slots[i]);
                    if (gross != 0) {
                        long net = keys.net(i + 1, gross);
                        ls.add(new Line(ls.size() + 1, name, null, CASES.getOrDefault(kind, "Umsatz"), 1000, i + 1,
                                gross, net, gross - net, voucher));
                        total += gross;
                    }
                }
                String staffId = staffId(payload.path("actor").asText(null));
                out.add(new DsfinvkBon(document, rs.getLong(2), rs.getLong(2), kind, parts[0],
                        DsfinvkBook.at(payload, rs.getLong(6)), staffId, staffNames.get(staffId), null, null,
                        payload.path("reason").asText(null), ls, DsfinvkBon.merged(payments(document, parts[2])), null,
                        FiscalRecords.find(c, document)).check(total));
            }
        }
        return out;
    }

    private List<Line> lines(PreparedStatement ps, String id, int sign) throws SQLException {
        List<Line> out = new ArrayList<>();
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Line(rs.getInt(1), rs.getString(2), rs.getString(3), "Umsatz", sign * rs.getLong(4) * 1000,
                        keys.of(rs.getInt(8)), sign * rs.getLong(5), sign * rs.getLong(6), sign * rs.getLong(7), null));
            }
        }
        return out;
    }

    /** Cash rounding is not taxable: a line of its own at key 5. */
    private static void addRounding(List<Line> lines, long rounding) {
        if (rounding != 0) {
            int no = lines.stream().mapToInt(Line::no).max().orElse(0) + 1;
            lines.add(new Line(no, ROUNDING, null, "Umsatz", 1000, DsfinvkVatKeys.NOT_TAXABLE, rounding, rounding, 0, null));
        }
    }

    private static Payment payment(String method, String currency, Long foreign, long amount) {
        boolean cash = method.equals("CASH");
        return new Payment(cash ? "Bar" : "Unbar", PAYMENT_NAMES.getOrDefault(method, method), currency, foreign, amount);
    }

    /** The payments of Kassenbeleg-V1 process data: {@code 12.50:Bar_3.00:Unbar}; only the till's own currency. */
    private List<Payment> payments(String document, String data) {
        List<Payment> out = new ArrayList<>();
        for (String p : data.isEmpty() ? new String[0] : data.split("_")) {
            String[] f = p.split(":");
            if (f.length > 2) {
                throw new IllegalStateException(document + ": foreign cash " + p + " in a document that is no sale");
            }
            out.add(payment(f[1].equals("Bar") ? "CASH" : "Unbar", currency, null, cents(document, f[0])));
        }
        return out;
    }

    private static long cents(String document, String decimal) {
        try {
            return new BigDecimal(decimal).movePointRight(2).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalStateException(document + ": amount '" + decimal + "' in its process data is not a"
                    + " decimal with two places", e);
        }
    }

    /** BON_NAME: what the transaction was, in German. */
    static String name(String document, String kind) {
        if (document.startsWith("shift-close:")) {
            return "Geldtransit Schichtende";
        }
        if (document.startsWith("z:")) {
            return "Geldtransit Tagesabschluss";
        }
        return NAMES.getOrDefault(kind, kind);
    }

    /** A staff member's id from a journal actor ({@code staff:anna} is {@code anna}). */
    private static String staffId(String actor) {
        return actor != null && actor.startsWith("staff:") ? actor.substring("staff:".length()) : actor;
    }

    private static void bind(PreparedStatement ps, String from, String to, long lo, long hi) throws SQLException {
        ps.setString(1, from);
        ps.setString(2, to);
        ps.setLong(3, lo);
        ps.setLong(4, hi);
    }
}

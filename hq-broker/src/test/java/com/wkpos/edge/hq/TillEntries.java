package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.EntryHash;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SyncCodec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One till's hash-chained journal as a branch uploads it, with {@code sale.completed}, {@code sale.refunded}
 * and {@code sale.voided} payloads of the shape the agent journals (every field of its sale and refund
 * records, camelCase, amounts in cents), and the back office's jobs, payments, adjustments, expenses and
 * reversals as {@code BackOffice} journals them.
 */
final class TillEntries {
    /** A sale line: {@code qty} of {@code sku} for {@code total} cents gross, of which {@code tax} is VAT. */
    record Line(String sku, long qty, long total, long tax) {
    }

    /** A tender: {@code method} for {@code amount} cents. */
    record Pay(String method, long amount) {
    }

    private final String device;
    private final List<JournalBatch.Entry> entries = new ArrayList<>();
    private String prev = EntryHash.GENESIS;

    TillEntries(String device) {
        this.device = device;
    }

    String device() {
        return device;
    }

    List<JournalBatch.Entry> entries() {
        return List.copyOf(entries);
    }

    /** The entries from {@code fromSeq} on, as one batch of {@code tenant}/{@code branch}. */
    JournalBatch batch(String tenant, String branch, long fromSeq) {
        return JournalBatch.of(tenant, branch, device, entries.subList((int) fromSeq - 1, entries.size()));
    }

    JournalBatch.Entry append(String type, Object payload) {
        return append(type, SyncCodec.encodeString(payload));
    }

    JournalBatch.Entry append(String type, String payload) {
        return append(type, payload, 1_000_000L + entries.size() + 1);
    }

    JournalBatch.Entry append(String type, String payload, long hlc) {
        long seq = entries.size() + 1;
        String id = device + "-" + seq;
        String hash = EntryHash.hash(prev, seq, id, device, hlc, type, payload);
        JournalBatch.Entry e = new JournalBatch.Entry(seq, id, hlc, type, payload, prev, hash);
        entries.add(e);
        prev = hash;
        return e;
    }

    /** A cash sale of {@code lines} at {@code at} by {@code cashier}, paid by {@code pays} (change back from cash). */
    JournalBatch.Entry sale(String saleId, long invoiceNo, String at, String cashier, List<Line> lines, List<Pay> pays) {
        long total = lines.stream().mapToLong(Line::total).sum();
        long tax = lines.stream().mapToLong(Line::tax).sum();
        long paid = pays.stream().mapToLong(Pay::amount).sum();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("saleId", saleId);
        p.put("invoiceNo", invoiceNo);
        p.put("occurredAt", at);
        p.put("idempotencyKey", "key-" + saleId);
        p.put("requestSha256", "ab".repeat(32));
        p.put("actor", "screen:till-1");
        p.put("currency", "EUR");
        p.put("subtotal", total);
        p.put("discount", 0);
        p.put("tax", tax);
        p.put("rounding", 0);
        p.put("total", total);
        p.put("paid", paid);
        p.put("change", paid - total);
        p.put("coupon", null);
        p.put("catalogVersion", 3);
        List<Map<String, Object>> ls = new ArrayList<>();
        List<Map<String, Object>> stock = new ArrayList<>();
        int no = 0;
        for (Line l : lines) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("lineNo", ++no);
            line.put("sku", l.sku());
            line.put("name", "Item " + l.sku());
            line.put("qty", l.qty());
            line.put("unitPrice", l.total() / l.qty());
            line.put("taxInclusive", true);
            line.put("taxCode", "A");
            line.put("taxBasisPoints", 1900);
            line.put("discount", 0);
            line.put("net", l.total() - l.tax());
            line.put("tax", l.tax());
            line.put("total", l.total());
            line.put("promotions", List.of());
            line.put("listPrice", null);
            line.put("manualDiscount", 0);
            line.put("priceReason", null);
            ls.add(line);
            stock.add(Map.of("movementId", saleId + "-m" + no, "sku", l.sku(), "delta", -l.qty(), "expectedVersion", 1));
        }
        p.put("lines", ls);
        List<Map<String, Object>> payments = new ArrayList<>();
        for (Pay pay : pays) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", saleId + "-p" + payments.size());
            m.put("method", pay.method());
            m.put("amount", pay.amount());
            m.put("foreignCurrency", null);
            m.put("foreignAmount", null);
            m.put("rate", null);
            m.put("reference", null);
            payments.add(m);
        }
        p.put("payments", payments);
        p.put("stock", stock);
        p.put("ledger", ledger("sale:" + saleId, "1000", "4000", total));
        p.put("shiftId", "shift-1");
        p.put("customerId", null);
        p.put("pointsEarned", 0);
        p.put("drawerCash", total);
        p.put("cardApprovalId", null);
        p.put("cardSlip", List.of());
        p.put("staffId", cashier == null ? null : cashier.toLowerCase(java.util.Locale.ROOT));
        p.put("cashier", cashier);
        p.put("fiscal", null);
        return append(SalesProjector.SALE, p);
    }

    /** A cash refund of {@code qty} of {@code sku} for {@code amount} cents; {@code type} refunded or voided. */
    JournalBatch.Entry refund(String type, String refundId, String saleId, String at, String sku, long qty, long amount) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("method", "CASH");
        p.put("amount", amount);
        p.put("points", 0);
        p.put("lines", List.of(Map.of("lineNo", 1, "sku", sku, "taxCode", "A", "qty", qty, "net", amount - amount / 10,
                "tax", amount / 10, "total", amount)));
        p.put("payments", List.of(Map.of("id", refundId + "-p0", "method", "CASH", "amount", amount)));
        p.put("ledger", ledger("refund:" + refundId, "4000", "1000", amount));
        p.put("customerId", null);
        p.put("purchases", 0);
        p.put("spent", 0);
        p.put("creditCustomerId", null);
        p.put("credit", 0);
        p.put("giftCards", List.of());
        p.put("shiftId", "shift-1");
        p.put("drawerCash", -amount);
        p.put("refundId", refundId);
        p.put("saleId", saleId);
        p.put("kind", type.equals(SalesProjector.VOID) ? "VOID" : "REFUND");
        p.put("reason", "customer returned it");
        p.put("actor", "screen:till-1");
        p.put("at", at);
        p.put("idempotencyKey", "key-" + refundId);
        p.put("currency", "EUR");
        p.put("cardRefundId", null);
        p.put("cardSlip", List.of());
        p.put("stock", List.of(Map.of("movementId", refundId + "-m", "sku", sku, "delta", qty, "expectedVersion", 2)));
        return append(type, p);
    }

    // ---- the back office's entries, in the shapes BackOffice journals them; the HLC is the box's clock at "at"

    /** A job of {@code amount} cents for {@code customer}, served on {@code serviceDate}. */
    JournalBatch.Entry job(String jobId, String customer, String name, String serviceDate, long amount, String at) {
        Map<String, Object> p = base(at);
        p.put("jobId", jobId);
        p.put("customerId", customer);
        p.put("customerName", name);
        p.put("serviceType", "Teppichreinigung");
        p.put("serviceDate", serviceDate);
        p.put("amount", amount);
        p.put("notes", null);
        p.put("ledger", postings("job:" + jobId, List.of(post("1400-RECEIVABLES", amount), post("4100-SERVICE", -amount))));
        return backOffice("job.created", p, at);
    }

    JournalBatch.Entry adjust(String adjustmentId, String jobId, String customer, long delta, String localDate, String at) {
        Map<String, Object> p = base(at);
        p.put("adjustmentId", adjustmentId);
        p.put("jobId", jobId);
        p.put("customerId", customer);
        p.put("delta", delta);
        p.put("reason", "agreed with the customer");
        p.put("localDate", localDate);
        p.put("ledger", postings("job-adjustment:" + adjustmentId, List.of(post("1400-RECEIVABLES", delta),
                post("4100-SERVICE", -delta))));
        return backOffice("job.adjusted", p, at);
    }

    /** A payment of {@code amount}, {@code applied} of it against the job and the rest kept as store credit. */
    JournalBatch.Entry pay(String paymentId, String jobId, String customer, String method, long amount, long applied,
                           String paidOn, String at) {
        Map<String, Object> p = base(at);
        p.put("paymentId", paymentId);
        p.put("jobId", jobId);
        p.put("customerId", customer);
        p.put("method", method);
        p.put("amount", amount);
        p.put("applied", applied);
        p.put("storeCredit", amount - applied);
        p.put("paidOn", paidOn);
        p.put("shiftId", method.equals("CASH") ? "shift-1" : null);
        p.put("ledger", postings("job-payment:" + paymentId, List.of(post(money(method), amount),
                post("1400-RECEIVABLES", -applied), post("2310-STORE-CREDIT", -(amount - applied)))));
        return backOffice("job.payment-recorded", p, at);
    }

    /** The reversal of a payment: what it applied is owed again, its store credit taken back, the money paid out. */
    JournalBatch.Entry reversePayment(String reversalId, String paymentId, String jobId, String customer, String method,
                                      long amount, long applied, String localDate, String at) {
        Map<String, Object> p = base(at);
        p.put("reversalId", reversalId);
        p.put("paymentId", paymentId);
        p.put("jobId", jobId);
        p.put("customerId", customer);
        p.put("method", method);
        p.put("amount", amount);
        p.put("applied", applied);
        p.put("storeCredit", amount - applied);
        p.put("reason", "wrong customer");
        p.put("shiftId", method.equals("CASH") ? "shift-1" : null);
        p.put("localDate", localDate);
        p.put("ledger", postings("job-payment-reversal:" + reversalId, List.of(post("1400-RECEIVABLES", applied),
                post("2310-STORE-CREDIT", amount - applied), post(money(method), -amount))));
        return backOffice("job.payment-reversed", p, at);
    }

    JournalBatch.Entry expense(String expenseId, String category, long amount, String method, String expenseDate,
                               String at) {
        Map<String, Object> p = base(at);
        p.put("expenseId", expenseId);
        p.put("category", category);
        p.put("amount", amount);
        p.put("method", method);
        p.put("expenseDate", expenseDate);
        p.put("description", "for the shop, \"urgent\"");
        p.put("shiftId", method.equals("CASH") ? "shift-1" : null);
        p.put("ledger", postings("expense:" + expenseId, List.of(post("6300-EXP-" + category, amount),
                post(money(method), -amount))));
        return backOffice("expense.recorded", p, at);
    }

    JournalBatch.Entry reverse(String reversalId, String expenseId, String category, long amount, String method,
                               String localDate, String at) {
        Map<String, Object> p = base(at);
        p.put("reversalId", reversalId);
        p.put("expenseId", expenseId);
        p.put("category", category);
        p.put("amount", amount);
        p.put("method", method);
        p.put("reason", "booked twice");
        p.put("shiftId", method.equals("CASH") ? "shift-1" : null);
        p.put("localDate", localDate);
        p.put("ledger", postings("expense-reversal:" + reversalId, List.of(post("6300-EXP-" + category, -amount),
                post(money(method), amount))));
        return backOffice("expense.reversed", p, at);
    }

    private JournalBatch.Entry backOffice(String type, Map<String, Object> p, String at) {
        return append(type, SyncCodec.encodeString(p), com.wkpos.edge.protocol.HybridLogicalClock.pack(
                java.time.Instant.parse(at).toEpochMilli(), entries.size() + 1));
    }

    private static Map<String, Object> base(String at) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("actor", "staff:anna");
        p.put("at", at);
        p.put("currency", "EUR");
        return p;
    }

    private static String money(String method) {
        return method.equals("CASH") ? "1000-CASH" : "1800-BANK";
    }

    /** A posting of {@code amount} cents: positive debits, negative credits, zero posts nothing (as LedgerTxn). */
    private static Map.Entry<String, Long> post(String account, long amount) {
        return Map.entry(account, amount);
    }

    private static Map<String, Object> postings(String txn, List<Map.Entry<String, Long>> posts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Long> p : posts) {
            if (p.getValue() != 0) {
                out.add(Map.of("id", txn + "-" + out.size(), "account", p.getKey(), "debit", Math.max(0, p.getValue()),
                        "credit", Math.max(0, -p.getValue()), "memo", txn));
            }
        }
        return Map.of("txnId", txn, "postings", out);
    }

    private static Map<String, Object> ledger(String txn, String debit, String credit, long amount) {
        return Map.of("txnId", txn, "postings", List.of(
                Map.of("id", txn + "-d", "account", debit, "debit", amount, "credit", 0, "memo", txn),
                Map.of("id", txn + "-c", "account", credit, "debit", 0, "credit", amount, "memo", txn)));
    }
}

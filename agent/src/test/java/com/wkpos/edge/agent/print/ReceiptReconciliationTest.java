package com.wkpos.edge.agent.print;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.catalog.Item;
import com.wkpos.edge.agent.refund.RefundView;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleSettings;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Receipts add up on paper. Random baskets (tax-inclusive and net-priced items at 19, 7 and 0 %, item and
 * cart promotions, coupons, manual discounts, price overrides, cash rounding, split payments) are sold
 * for real, printed through the real layout and read back from the printer simulator's text; the figures
 * on paper must sum to the printed total, block by block, and so must the refund slips.
 */
class ReceiptReconciliationTest {
    private static final Pattern AMOUNT = Pattern.compile("(-?\\d+,\\d{2}) €( [A-Z])?\\s*$");
    private static final Pattern QUANTITY = Pattern.compile("^\\s+(\\d+) x (\\d+,\\d{2}) €( netto)?\\s*$");
    private static final List<String> COUPONS = java.util.Arrays.asList(null, null, "WELCOME10", "FIVEOFF", "BEANS15");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "cash rounding {0}")
    @ValueSource(ints = {0, 5})
    void everyPrintedFigureSumsToThePrintedTotal(int rounding) {
        try (TestBranch b = new TestBranch(dir.resolve("r" + rounding), new SaleSettings("EUR", rounding, false))) {
            // serialized items sell by serial number; SerialUnitsTest prints those
            List<Item> items = new ArrayList<>(b.catalogs.current().items().stream().filter(i -> !i.serialized()).toList());
            items.sort(java.util.Comparator.comparing(Item::sku));
            assertThat(items).anyMatch(i -> !i.taxInclusive()).anyMatch(i -> i.taxBasisPoints() == 0);
            Random random = new Random(4711 + rounding);
            ReceiptFacts facts = facts();
            for (int n = 0; n < 150; n++) {
                SaleRequest request = basket(items, random);
                SaleView sale = b.sales.complete(request, UUID.randomUUID().toString(),
                        new Cashier(b.cashier.actor(), b.cashier.id(), b.cashier.name()), "test").sale();
                String text = print(SaleReceipts.receipt(sale, facts, false));
                checkReceipt(text, sale);
                boolean cashOnly = sale.payments().stream().allMatch(p -> p.method().equals("CASH"));
                if (cashOnly && random.nextInt(3) == 0) {
                    RefundView refund = b.refunds.refund(sale.id(), refundOf(sale, random), UUID.randomUUID().toString(),
                            b.cashier.actor(), b.cashier.id(), "test");
                    checkRefundSlip(PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(
                            DocumentSlips.refund(refund, Optional.of(sale), facts, false, "EUR"))).getFirst(), refund);
                }
            }
        }
    }

    private static ReceiptFacts facts() {
        return new ReceiptFacts(List.of("WK Test", "Teststraße 1"), ZoneId.of("Europe/Berlin"), "Test / WK1",
                id -> id, actor -> actor, document -> Optional.empty());
    }

    private static SaleRequest basket(List<Item> items, Random random) {
        List<SaleRequest.Line> lines = new ArrayList<>();
        long estimate = 0;
        int count = 1 + random.nextInt(6);
        for (int i = 0; i < count; i++) {
            Item item = items.get(random.nextInt(items.size()));
            long qty = 1 + random.nextInt(4);
            estimate += item.price() * qty;
            switch (random.nextInt(8)) {
                case 0 -> lines.add(new SaleRequest.Line(item.sku(), null, qty, null,
                        new SaleRequest.Discount(BigDecimal.valueOf(1 + random.nextInt(30)), null), "Stammkunde"));
                case 1 -> lines.add(new SaleRequest.Line(item.sku(), null, qty, null,
                        new SaleRequest.Discount(null, 1L + random.nextInt((int) Math.min(item.price() * qty - 1, 500))),
                        "beschädigt"));
                case 2 -> lines.add(new SaleRequest.Line(item.sku(), null, qty, Math.max(1, item.price() - 17), null,
                        "Preis am Regal"));
                default -> lines.add(new SaleRequest.Line(item.sku(), null, qty));
            }
        }
        List<SaleRequest.Payment> payments = new ArrayList<>();
        if (estimate >= 3000 && random.nextBoolean()) { // a card part the discounts cannot exceed
            payments.add(new SaleRequest.Payment("MOBILE", (long) random.nextInt(100) + 1));
        }
        payments.add(new SaleRequest.Payment("CASH", estimate * 2 + 10_000));
        return new SaleRequest(lines, COUPONS.get(random.nextInt(COUPONS.size())), payments);
    }

    private static Refunds.Request refundOf(SaleView sale, Random random) {
        List<Refunds.Request.Line> lines = new ArrayList<>();
        sale.lines().stream().filter(l -> random.nextBoolean() || lines.isEmpty())
                .forEach(l -> lines.add(new Refunds.Request.Line(l.lineNo(), 1L + random.nextInt((int) l.qty()))));
        return new Refunds.Request(lines, "CASH", null, "Umtausch", null);
    }

    private static String print(com.wkpos.edge.drivers.escpos.Receipt receipt) {
        return PrinterSimulator.decode(ReceiptLayout.of(48, "CP858").render(receipt)).getFirst();
    }

    /** Items, their adjustments, tax on top and rounding sum to SUMME; payments less change are SUMME; so are the taxes. */
    private static void checkReceipt(String text, SaleView sale) {
        List<List<String>> blocks = blocks(text);
        // header, meta, items, totals, payments, taxes, …
        List<String> items = blocks.get(2);
        long printed = 0;
        Long lastAmount = null;
        for (String line : items) {
            Matcher q = QUANTITY.matcher(line);
            if (q.matches()) {
                assertThat(Long.parseLong(q.group(1)) * cents(q.group(2))).as(text).isEqualTo(lastAmount);
                continue;
            }
            Matcher m = AMOUNT.matcher(line);
            if (m.find()) {
                lastAmount = cents(m.group(1));
                printed += lastAmount;
            }
        }
        long total = 0;
        long rounding = 0;
        for (String line : blocks.get(3)) {
            Matcher m = AMOUNT.matcher(line);
            assertThat(m.find()).as(line).isTrue();
            if (line.startsWith("SUMME")) {
                total = cents(m.group(1));
            } else {
                printed += cents(m.group(1));
                rounding += line.startsWith("Rundung") ? cents(m.group(1)) : 0;
            }
        }
        assertThat(printed).as("items, discounts, tax on top and rounding of\n" + text).isEqualTo(total);
        assertThat(total).isEqualTo(sale.total());
        long paid = 0;
        for (String line : blocks.get(4)) {
            Matcher m = AMOUNT.matcher(line);
            if (m.find()) {
                paid += line.startsWith("Rückgeld") ? -cents(m.group(1)) : cents(m.group(1));
            }
        }
        assertThat(paid).as("payments less change of\n" + text).isEqualTo(total);
        long gross = 0;
        for (String line : blocks.get(5).subList(1, blocks.get(5).size())) {
            String[] cells = line.trim().split(" +");
            long net = cents(cells[cells.length - 6]);
            long tax = cents(cells[cells.length - 4]);
            long g = cents(cells[cells.length - 2]);
            assertThat(net + tax).as(line).isEqualTo(g);
            gross += g;
        }
        assertThat(gross).as("tax table of\n" + text).isEqualTo(total - rounding);
        assertThat(text).doesNotContain("STD", "RED", "ZERO");
    }

    private static void checkRefundSlip(String text, RefundView refund) {
        long lines = 0;
        long total = 0;
        long paid = 0;
        boolean afterTotal = false;
        for (String line : text.lines().toList()) {
            Matcher m = AMOUNT.matcher(line);
            if (!m.find()) {
                continue;
            }
            if (line.startsWith("ERSTATTUNG")) {
                total = cents(m.group(1));
                afterTotal = true;
            } else if (line.startsWith("  darin")) {
                continue;
            } else if (afterTotal) {
                paid += cents(m.group(1));
            } else {
                lines += cents(m.group(1));
            }
        }
        assertThat(total).as(text).isEqualTo(-refund.amount());
        assertThat(paid).as("money given back on\n" + text).isEqualTo(total);
        assertThat(lines).as("lines and rounding given back on\n" + text).isEqualTo(total);
    }

    private static List<List<String>> blocks(String text) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.matches("[-=]{20,}")) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        out.add(current);
        return out;
    }

    private static long cents(String amount) {
        return Long.parseLong(amount.replace(",", "").replace("€", "").trim());
    }
}

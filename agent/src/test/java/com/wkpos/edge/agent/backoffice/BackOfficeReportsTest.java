package com.wkpos.edge.agent.backoffice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The back office's reports on a generated quarter of a branch (jobs, partial and over-payments in cash and by
 * bank, adjustments, expenses and reversals, sales and a refund), each figure checked against a recomputation
 * from the ledger or the journal's own payloads; and bad input refused with nothing journaled.
 */
class BackOfficeReportsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    @TempDir
    Path dir;
    private TestBranch branch;
    private FakeClock clock;
    private BackOffice office;
    private BackOfficeReports reports;
    private StaffMember manager;
    private final LocalDate today = LocalDate.now(ZONE);
    private final LocalDate first = today.minusDays(89);
    private int reversedPayments;

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        clock = new FakeClock(Instant.now());
        office = new BackOffice(branch.journal, clock, ZONE, "EUR");
        reports = new BackOfficeReports(branch.journal, clock, ZONE, "EUR", () -> OptionalLong.of(5));
        manager = branch.staff.directory().find("maria").orElseThrow();
    }

    @AfterEach
    void close() {
        branch.close();
    }

    /** Acts as if on {@code day} at noon (the journal's own clock stays real). */
    private void on(LocalDate day) {
        clock.setWall(day.atTime(12, 0).atZone(ZONE).toInstant());
    }

    private List<String> generate(long seed) {
        Random r = new Random(seed);
        Customers customers = new Customers(branch.journal, clock, com.wkpos.edge.agent.customer.LoyaltyRule.defaults(), "EUR");
        List<String> ids = new ArrayList<>();
        on(first);
        for (int i = 0; i < 6; i++) {
            ids.add(customers.create(new Customers.Details(null, "Kunde " + i, null, null), "staff:maria").id());
        }
        List<String> jobs = new ArrayList<>();
        List<String> expenses = new ArrayList<>();
        List<BackOffice.Payment> payments = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
            on(d);
            for (int j = r.nextInt(3); j > 0; j--) {
                jobs.add(office.createJob(new BackOffice.NewJob(null, ids.get(r.nextInt(ids.size())), "Reinigung",
                        d.toString(), 1_000L + r.nextInt(20_000), "Teppich"), branch.cashier).id());
            }
            if (!jobs.isEmpty() && r.nextInt(2) == 0) {
                String job = jobs.get(r.nextInt(jobs.size()));
                BackOffice.Job j = office.find(job).orElseThrow();
                if (j.outstanding() > 0) {
                    // partial, exact or above what is owed (the rest becomes store credit)
                    long amount = switch (r.nextInt(3)) {
                        case 0 -> Math.max(1, j.outstanding() / 2);
                        case 1 -> j.outstanding();
                        default -> j.outstanding() + 500;
                    };
                    payments.add(office.pay(job, new BackOffice.NewPayment(null, r.nextBoolean() ? "CASH" : "BANK", amount,
                            d.toString()), branch.cashier));
                }
            }
            if (!jobs.isEmpty() && r.nextInt(8) == 0) {
                BackOffice.Job j = office.find(jobs.get(r.nextInt(jobs.size()))).orElseThrow();
                long delta = r.nextBoolean() ? 700 : -Math.min(300, j.amount() + j.adjusted() - j.paid());
                if (delta != 0) {
                    office.adjust(j.id(), new BackOffice.Adjustment(delta, "Nachberechnung"), manager);
                }
            }
            if (r.nextInt(3) == 0) {
                expenses.add(office.expense(new BackOffice.NewExpense(null, BackOffice.CATEGORIES.get(
                        r.nextInt(BackOffice.CATEGORIES.size())), 100L + r.nextInt(3_000), r.nextBoolean() ? "CASH" : "BANK",
                        d.toString(), "Material"), manager).id());
            }
            if (!payments.isEmpty() && r.nextInt(6) == 0) {
                // a payment booked in error; its store credit may be spent, or the manager's drawer too short
                BackOffice.Payment pay = payments.remove(r.nextInt(payments.size()));
                try {
                    office.reversePayment(pay.jobId(), pay.id(), new BackOffice.Reversal("falscher Kunde"), manager);
                    reversedPayments++;
                } catch (Refused e) {
                    assertThat(e.type()).isIn("store-credit-spent", "not-enough-cash");
                }
            }
            if (!expenses.isEmpty() && r.nextInt(15) == 0) {
                String e = expenses.get(r.nextInt(expenses.size()));
                if (office.findExpense(e).orElseThrow().reversedBy() == null) {
                    office.reverse(e, new BackOffice.Reversal("falsch gebucht"), manager);
                }
            }
        }
        return ids;
    }

    @Test
    void dailyAndMonthlyFiguresAreWhatTheLedgerBooked() {
        generate(7);
        assertThat(reversedPayments).as("the quarter has reversed payments").isPositive();
        branch.sell("COF-250", 2);
        var sold = branch.sell("COF-500", 1);
        long salesTotal = scalar("SELECT SUM(total) FROM sales");

        JsonNode daily = json(reports.run(reports.query("daily", first.toString(), today.toString(), null)));
        // per day: service revenue, payments received and expenses as the ledger booked them on that day
        Map<String, long[]> ledger = ledgerByDay();
        assertThat(daily.get("days")).hasSize(90);
        for (JsonNode day : daily.get("days")) {
            long[] want = ledger.getOrDefault(day.get("date").asText(), new long[3]);
            assertThat(day.get("jobsAmount").asLong() + day.get("adjustmentsAmount").asLong()).as(day.toString())
                    .isEqualTo(want[0]);
            assertThat(day.get("paymentsAmount").asLong()).as(day.toString()).isEqualTo(want[1]);
            assertThat(day.get("cashPayments").asLong() + day.get("bankPayments").asLong())
                    .isEqualTo(day.get("paymentsAmount").asLong());
            assertThat(day.get("expensesAmount").asLong()).as(day.toString()).isEqualTo(want[2]);
        }
        JsonNode totals = daily.get("totals");
        assertThat(totals.get("salesAmount").asLong()).isEqualTo(salesTotal);
        assertThat(totals.get("sales").asLong()).isEqualTo(2);
        assertThat(totals.get("jobs").asLong()).isEqualTo(scalar("SELECT COUNT(*) FROM journal WHERE type = 'job.created'"));
        assertThat(daily.get("hq").get("unackedEntries").asLong()).isPositive();

        JsonNode monthly = json(reports.run(reports.query("monthly", first.toString(), today.toString(), null)));
        long revenue = 0;
        long profit = 0;
        for (JsonNode m : monthly.get("months")) {
            assertThat(m.get("revenue").asLong()).isEqualTo(m.get("salesNet").asLong() + m.get("serviceRevenue").asLong());
            assertThat(m.get("profit").asLong()).isEqualTo(m.get("revenue").asLong() - m.get("expenses").asLong());
            revenue += m.get("revenue").asLong();
            profit += m.get("profit").asLong();
        }
        long service = -balance(Accounts.SERVICE_REVENUE);
        long expenses = scalar("SELECT COALESCE(SUM(debit - credit), 0) FROM ledger_entries WHERE account LIKE '6300-EXP-%'");
        assertThat(monthly.get("totals").get("revenue").asLong()).isEqualTo(revenue).isEqualTo(salesTotal + service);
        assertThat(monthly.get("totals").get("profit").asLong()).isEqualTo(profit)
                .isEqualTo(salesTotal + service - expenses);

        // a refund lowers the day's net sales by what it paid back
        branch.refunds.voidSale(sold.sale().id(), "Kunde verzichtet", null, UUID.randomUUID().toString(),
                branch.cashier.actor(), branch.cashier.id(), "test");
        JsonNode after = json(reports.run(reports.query("monthly", first.toString(), today.toString(), null)));
        assertThat(after.get("totals").get("salesNet").asLong()).isEqualTo(salesTotal - sold.sale().total());
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void receivablesAndStatementsAreWhatTheJournalOwes() {
        List<String> customers = generate(11);
        assertThat(reversedPayments).as("the quarter has reversed payments").isPositive();
        JsonNode rec = json(reports.run(reports.query("receivables", null, today.toString(), null)));
        assertThat(rec.get("totals").get("outstanding").asLong()).isEqualTo(balance(Accounts.RECEIVABLES));
        Map<String, Long> owed = owedFromJournal();
        Map<String, Long> listed = new HashMap<>();
        for (JsonNode c : rec.get("customers")) {
            long buckets = c.get("current").asLong() + c.get("days31to60").asLong() + c.get("days61to90").asLong()
                    + c.get("over90").asLong();
            assertThat(buckets).isEqualTo(c.get("outstanding").asLong());
            listed.put(c.get("customerId").asText(), c.get("outstanding").asLong());
        }
        owed.values().removeIf(v -> v == 0);
        assertThat(listed).isEqualTo(owed);

        for (String id : customers) {
            JsonNode st = json(reports.run(reports.query("customer-statement", first.toString(), today.toString(), id)));
            long running = st.get("opening").asLong();
            for (JsonNode l : st.get("lines")) {
                running += l.get("debit").asLong() - l.get("credit").asLong();
                assertThat(l.get("balance").asLong()).isEqualTo(running);
            }
            BackOffice.Account account = office.account(id).orElseThrow();
            assertThat(st.get("closing").asLong()).isEqualTo(running).isEqualTo(account.outstanding())
                    .isEqualTo(owed.getOrDefault(id, 0L));
            assertThat(st.get("storeCredit").asLong()).isEqualTo(account.storeCredit());
        }
        // a statement from the middle opens with what was owed before it
        String someone = customers.getFirst();
        LocalDate mid = first.plusDays(45);
        JsonNode late = json(reports.run(reports.query("customer-statement", mid.toString(), today.toString(), someone)));
        JsonNode early = json(reports.run(reports.query("customer-statement", first.toString(), mid.minusDays(1).toString(),
                someone)));
        assertThat(late.get("opening").asLong()).isEqualTo(early.get("closing").asLong());
    }

    @Test
    void cashFlowIsTheMoneyAccountsMovement() {
        generate(3);
        branch.sell("COF-250", 1);
        JsonNode flow = json(reports.run(reports.query("cash-flow", first.toString(), today.toString(), null)));
        long money = scalar("SELECT COALESCE(SUM(debit - credit), 0) FROM ledger_entries WHERE account IN ('1000-CASH',"
                + " '1090-SAFE', '1200-CARD-CLEARING', '1210-MOBILE-CLEARING', '1800-BANK') OR account LIKE '1010-CASH-%'");
        assertThat(flow.get("totals").get("net").asLong()).isEqualTo(money);
        long paidIn = scalar("SELECT SUM(amount) FROM job_payments");
        JsonNode payments = null;
        for (JsonNode s : flow.get("bySource")) {
            if (s.get("source").asText().equals("job.payment-recorded")) {
                payments = s;
            }
        }
        assertThat(payments).isNotNull();
        assertThat(payments.get("inflow").asLong()).isEqualTo(paidIn);
    }

    @Test
    void badInputIsRefusedAndJournalsNothing() {
        on(today);
        String customer = new Customers(branch.journal, clock, com.wkpos.edge.agent.customer.LoyaltyRule.defaults(), "EUR")
                .create(new Customers.Details(null, "Frau Meier", null, null), "staff:maria").id();
        String job = office.createJob(new BackOffice.NewJob(null, customer, "Reinigung", today.toString(), 5_000L, null),
                branch.cashier).id();
        Head before = branch.journal.head();
        refused(() -> office.createJob(new BackOffice.NewJob(null, customer, "Reinigung", today.toString(), -5L, null),
                branch.cashier), "invalid-amount");
        refused(() -> office.createJob(new BackOffice.NewJob(null, UUID.randomUUID().toString(), "Reinigung",
                today.toString(), 5L, null), branch.cashier), "unknown-customer");
        refused(() -> office.createJob(new BackOffice.NewJob(null, customer, "Reinigung", "2001-02-30", 5L, null),
                branch.cashier), "invalid-date");
        refused(() -> office.createJob(new BackOffice.NewJob(null, customer, "Reinigung", today.plusYears(2).toString(),
                5L, null), branch.cashier), "date-out-of-range");
        refused(() -> office.createJob(new BackOffice.NewJob(null, customer, "x".repeat(101), today.toString(), 5L, null),
                branch.cashier), "invalid-field");
        refused(() -> office.createJob(new BackOffice.NewJob(null, customer, "Reinigung", today.toString(), 5L,
                "n".repeat(BackOffice.MAX_NOTES + 1)), branch.cashier), "invalid-field");
        refused(() -> office.pay(UUID.randomUUID().toString(), new BackOffice.NewPayment(null, "CASH", 5L, null),
                branch.cashier), "unknown-job");
        refused(() -> office.pay(job, new BackOffice.NewPayment(null, "CHEQUE", 5L, null), branch.cashier), "invalid-field");
        refused(() -> office.pay(job, new BackOffice.NewPayment(null, "BANK", 5L, today.plusDays(1).toString()),
                branch.cashier), "date-out-of-range");
        refused(() -> office.adjust(job, new BackOffice.Adjustment(100L, "mehr"), branch.cashier), "manager-required");
        refused(() -> office.expense(new BackOffice.NewExpense(null, "RENT", 100L, "BANK", null, "Miete"), branch.cashier),
                "manager-required");
        refused(() -> office.expense(new BackOffice.NewExpense(null, "PARTY", 100L, "BANK", null, "Feier"), manager),
                "invalid-field");
        refused(() -> office.expense(new BackOffice.NewExpense(null, "RENT", 10_000_000L, "CASH", null, "Miete"), manager),
                "not-enough-cash");
        assertThat(branch.journal.head()).isEqualTo(before);

        // paid in full, then beyond: the job is settled and takes no more; the overpayment became store credit
        BackOffice.Payment paid = office.pay(job, new BackOffice.NewPayment(null, "CASH", 6_000L, null), branch.cashier);
        assertThat(paid.applied()).isEqualTo(5_000);
        assertThat(paid.storeCredit()).isEqualTo(1_000);
        assertThat(paid.job().status()).isEqualTo("PAID");
        assertThat(office.account(customer).orElseThrow().storeCredit()).isEqualTo(1_000);
        Head settled = branch.journal.head();
        refused(() -> office.pay(job, new BackOffice.NewPayment(null, "BANK", 1L, null), branch.cashier), "job-settled");
        refused(() -> office.adjust(job, new BackOffice.Adjustment(-1L, "weniger"), manager), "below-paid");
        // a payment reversed: owed again, its store credit taken back, once only, by a manager, on its own job
        refused(() -> office.reversePayment(job, paid.id(), new BackOffice.Reversal("falsch"), branch.cashier),
                "manager-required");
        refused(() -> office.reversePayment(UUID.randomUUID().toString(), paid.id(), new BackOffice.Reversal("falsch"),
                manager), "not-found");
        refused(() -> office.reversePayment(job, paid.id(), new BackOffice.Reversal(" "), manager), "invalid-field");
        assertThat(branch.journal.head()).isEqualTo(settled);
        BackOffice.Payment undone = office.reversePayment(job, paid.id(), new BackOffice.Reversal("falscher Kunde"), manager);
        assertThat(undone.reversedBy()).isNotNull();
        assertThat(undone.job().outstanding()).isEqualTo(5_000);
        assertThat(undone.job().status()).isEqualTo("UNPAID");
        assertThat(office.account(customer).orElseThrow().storeCredit()).isZero();
        refused(() -> office.reversePayment(job, paid.id(), new BackOffice.Reversal("nochmal"), manager), "already-reversed");
        assertThat(office.history(job).orElseThrow().events().stream().map(BackOffice.JobEvent::kind))
                .containsExactly("PAYMENT", "REVERSAL");
        BackOffice.Payment again = office.pay(job, new BackOffice.NewPayment(null, "BANK", 5_500L, null), branch.cashier);
        assertThat(again.storeCredit()).isEqualTo(500);
        // the credit is spent on a sale: the payment that left it can no longer be reversed
        branch.sales.complete(new com.wkpos.edge.agent.sale.SaleRequest(List.of(new com.wkpos.edge.agent.sale.SaleRequest
                .Line("COF-250", null, 1L)), null, List.of(new com.wkpos.edge.agent.sale.SaleRequest.Payment("STORE_CREDIT",
                500L), new com.wkpos.edge.agent.sale.SaleRequest.Payment("CASH", 199L)), customer, null),
                UUID.randomUUID().toString(), "test");
        assertThat(office.account(customer).orElseThrow().storeCredit()).isZero();
        Head spent = branch.journal.head();
        refused(() -> office.reversePayment(job, again.id(), new BackOffice.Reversal("falsch"), manager),
                "store-credit-spent");
        assertThat(branch.journal.head()).isEqualTo(spent);
        String expense = office.expense(new BackOffice.NewExpense(null, "SUPPLIES", 300L, "CASH", null, "Seife"), manager).id();
        office.reverse(expense, new BackOffice.Reversal("doppelt"), manager);
        Head reversed = branch.journal.head();
        refused(() -> office.reverse(expense, new BackOffice.Reversal("nochmal"), manager), "already-reversed");
        assertThat(branch.journal.head()).isEqualTo(reversed);
        assertThat(settled.seq()).isLessThan(reversed.seq());
        // nothing is edited in place: the append-only tables refuse it
        assertThatThrownBy(() -> branch.journal.submit(tx -> tx.statement("UPDATE job_payments SET amount = 1")
                .executeUpdate()).join()).hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> branch.journal.submit(tx -> tx.statement("UPDATE service_jobs SET amount = 1")
                .executeUpdate()).join()).hasStackTraceContaining("changed only by adjustments");
        assertThatThrownBy(() -> branch.journal.submit(tx -> tx.statement("DELETE FROM expenses").executeUpdate())
                .join()).hasStackTraceContaining("append-only");
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void reportParametersAreChecked() {
        refused(() -> reports.query("weekly", "2026-01-01", "2026-01-02", null), "unknown-report");
        refused(() -> reports.query("daily", null, "2026-01-02", null), "invalid-parameter");
        refused(() -> reports.query("daily", "2026-01-03", "2026-01-02", null), "invalid-date");
        refused(() -> reports.query("daily", "2024-01-01", "2026-01-02", null), "range-too-long");
        refused(() -> reports.query("monthly", "1999-01-01", "2026-01-02", null), "date-out-of-range");
        refused(() -> reports.query("customer-statement", "2026-01-01", "2026-01-02", null), "invalid-parameter");
        refused(() -> reports.run(reports.query("customer-statement", "2026-01-01", "2026-01-02", "nobody")),
                "unknown-customer");
        assertThat(reports.query("receivables", null, null, null).to()).isEqualTo(LocalDate.ofInstant(clock.instant(), ZONE));
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type) {
        assertThatThrownBy(call).isInstanceOf(Refused.class).satisfies(e -> assertThat(((Refused) e).type())
                .as(e.getMessage()).isEqualTo(type));
    }

    /** Per local day: service revenue (4100), money received for jobs, expenses net of reversals (6300-*). */
    private Map<String, long[]> ledgerByDay() {
        return branch.journal.read(c -> {
            Map<String, long[]> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT occurred_at, account, debit, credit, txn_id"
                    + " FROM ledger_entries"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String day = LocalDate.ofInstant(Instant.parse(rs.getString(1)), ZONE).toString();
                    long[] v = out.computeIfAbsent(day, k -> new long[3]);
                    String account = rs.getString(2);
                    if (account.equals(Accounts.SERVICE_REVENUE)) {
                        v[0] += rs.getLong(4) - rs.getLong(3);
                    } else if (rs.getString(5).startsWith("job-payment:") && (account.equals(Accounts.CASH)
                            || account.equals(Accounts.BANK))) {
                        v[1] += rs.getLong(3);
                    } else if (rs.getString(5).startsWith("job-payment-reversal:") && (account.equals(Accounts.CASH)
                            || account.equals(Accounts.BANK))) {
                        v[1] -= rs.getLong(4);
                    } else if (account.startsWith("6300-EXP-")) {
                        v[2] += rs.getLong(3) - rs.getLong(4);
                    }
                }
            }
            return out;
        });
    }

    /** What each customer owes, summed from the journal's payloads alone. */
    private Map<String, Long> owedFromJournal() {
        return branch.journal.read(c -> {
            Map<String, Long> owed = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT type, payload FROM journal WHERE type IN"
                    + " ('job.created', 'job.adjusted', 'job.payment-recorded', 'job.payment-reversed')");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JsonNode p = CanonicalJson.read(rs.getString(2));
                    long by = switch (rs.getString(1)) {
                        case "job.created" -> p.get("amount").asLong();
                        case "job.adjusted" -> p.get("delta").asLong();
                        case "job.payment-reversed" -> p.get("applied").asLong();
                        default -> -p.get("applied").asLong();
                    };
                    owed.merge(p.get("customerId").asText(), by, Long::sum);
                }
            }
            return owed;
        });
    }

    private long balance(String account) {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(debit - credit), 0) FROM ledger_entries"
                    + " WHERE account = ?")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long scalar(String sql) {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static JsonNode json(BackOfficeReports.Report r) {
        return new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(r.json());
    }
}

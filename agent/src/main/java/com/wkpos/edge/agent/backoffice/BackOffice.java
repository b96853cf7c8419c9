package com.wkpos.edge.agent.backoffice;

import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.journal.WriteCommand;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.ledger.LedgerTxn;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.shift.DrawerMoves;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.protocol.report.Money;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * The back office: service jobs for the till's customers, payments against them (cash into the open shift's
 * drawer, or bank transfer), adjustments of a job, and expenses with their reversals. Each is one journal
 * entry that carries its ledger transaction, so the customer's balance, the ledger and the audit trail
 * change together; nothing is edited or removed. Thread-safe.
 */
public final class BackOffice {
    static final String JOB_CREATED = "job.created";
    static final String JOB_ADJUSTED = "job.adjusted";
    static final String PAYMENT_RECORDED = "job.payment-recorded";
    static final String EXPENSE_RECORDED = "expense.recorded";
    static final String EXPENSE_REVERSED = "expense.reversed";
    static final String PAYMENT_REVERSED = "job.payment-reversed";
    public static final Set<String> METHODS = Set.of("CASH", "BANK");
    public static final List<String> CATEGORIES = List.of("RENT", "UTILITIES", "SUPPLIES", "WAGES", "MAINTENANCE",
            "TRANSPORT", "MARKETING", "OTHER");
    /** The most one job, payment or expense may be: ten million in minor units of the currency. */
    static final long MAX_AMOUNT = 1_000_000_000L;
    static final int MAX_NOTES = 2_000;
    static final int MAX_TEXT = 500;

    public record NewJob(String id, String customerId, String serviceType, String serviceDate, Long amount, String notes) {
    }

    public record Adjustment(Long delta, String reason) {
    }

    public record NewPayment(String id, String method, Long amount, String paidOn) {
    }

    public record NewExpense(String id, String category, Long amount, String method, String expenseDate,
                             String description) {
    }

    public record Reversal(String reason) {
    }

    /** A job as it stands: {@code owed = amount + adjusted}, {@code outstanding = owed - paid}. */
    public record Job(String id, String customerId, String customerName, String serviceType, String serviceDate, long amount, long adjusted,
                      long paid, long outstanding, String status, String notes, String createdAt) {
    }

    /** A payment as booked; {@code reversedBy} is the id of its reversal, null while it stands. */
    public record Payment(String id, String jobId, String customerId, String method, long amount, long applied,
                          long storeCredit, String paidOn, String shiftId, String occurredAt, String reversedBy, Job job) {
    }

    /**
     * What happened to a job after it was billed, oldest first: a PAYMENT (with {@code reversedBy} once
     * reversed), an ADJUSTMENT ({@code amount} is the delta) or a REVERSAL of a payment (negative amounts).
     */
    public record JobEvent(String kind, String id, String date, String occurredAt, long amount, String method, long applied,
                           long storeCredit, String reason, String actor, String reversedBy) {
    }

    public record JobHistory(Job job, List<JobEvent> events) {
    }

    public record Expense(String id, String category, long amount, String method, String expenseDate,
                          String description, String shiftId, String occurredAt, String reversedBy) {
    }

    /** A customer's account: what the jobs come to, what is outstanding, and the store credit held. */
    public record Account(String customerId, String name, long billed, long paid, long outstanding, long storeCredit,
                          List<Job> jobs) {
    }

    private final Journal journal;
    private final Clock clock;
    private final ZoneId zone;
    private final String currency;

    public BackOffice(Journal journal, Clock clock, ZoneId zone, String currency) {
        this.journal = journal;
        this.clock = clock;
        this.zone = zone;
        this.currency = currency;
    }

    public static void register(Projections.Builder projections) {
        projections.on(JOB_CREATED, BackOfficeProjection::projectJob)
                .on(PAYMENT_REVERSED, BackOfficeProjection::projectPaymentReversal)
                .on(JOB_ADJUSTED, BackOfficeProjection::projectAdjustment)
                .on(PAYMENT_RECORDED, BackOfficeProjection::projectPayment)
                .on(EXPENSE_RECORDED, BackOfficeProjection::projectExpense)
                .on(EXPENSE_REVERSED, BackOfficeProjection::projectReversal)
                .table("service_jobs", "id", "seq")
                .table("job_adjustments", "id", "seq")
                .table("job_payments", "id", "seq")
                .table("expenses", "id", "seq")
                .table("expense_reversals", "id", "seq")
                .table("job_payment_reversals", "id", "seq");
    }

    /** {@code journal verify}: what the jobs leave outstanding is what the receivables account holds. */
    public static JournalVerifier.Check check() {
        // the shared check compares credit - debit; receivables are an asset, so the jobs' sum is negated
        return GiftCards.Balances.check("receivable-balances",
                "SELECT -COALESCE(SUM(amount + adjusted - paid), 0) FROM service_jobs", Accounts.RECEIVABLES);
    }

    public ZoneId zone() {
        return zone;
    }

    public String currency() {
        return currency;
    }

    /** A job for a customer: debits the customer's receivable with the job's amount. */
    public Job createJob(NewJob n, StaffMember staff) {
        String id = id(n.id(), "id");
        String customer = text(n.customerId(), "customerId", 64);
        String type = text(n.serviceType(), "serviceType", 100);
        LocalDate date = date(n.serviceDate(), "serviceDate", today().minusYears(5), today().plusYears(1));
        long amount = amount(n.amount(), "amount");
        String notes = optionalText(n.notes(), "notes", MAX_NOTES);
        run(tx -> {
            String name = customerName(tx, customer);
            if (job(tx, id).isPresent()) {
                throw new Refused(Refused.Kind.CONFLICT, "job-exists", "job " + id + " exists already");
            }
            Map<String, Object> p = base(staff);
            p.put("jobId", id);
            p.put("customerId", customer);
            p.put("customerName", name);
            p.put("serviceType", type);
            p.put("serviceDate", date.toString());
            p.put("amount", amount);
            p.put("notes", notes);
            p.put("ledger", new LedgerTxn.Builder(clock, "job " + id + " " + type).debit(Accounts.RECEIVABLES, amount)
                    .credit(Accounts.SERVICE_REVENUE, amount).build("job:" + id));
            tx.append(JOB_CREATED, p);
            return null;
        });
        return find(id).orElseThrow();
    }

    /**
     * Corrects what a job charges: a positive delta charges more, a negative one less (down to what was paid;
     * to cancel an unpaid job, adjust it to zero). Managers only.
     */
    public Job adjust(String jobId, Adjustment a, StaffMember staff) {
        requireManager(staff, "adjust a job");
        long delta = a.delta() == null ? 0 : a.delta();
        if (delta == 0 || Math.abs(delta) > MAX_AMOUNT) {
            throw Refused.invalid("delta must be a non-zero integer of minor units within ±" + MAX_AMOUNT + ", was "
                    + a.delta());
        }
        String reason = text(a.reason(), "reason", MAX_TEXT);
        run(tx -> {
            Job job = job(tx, jobId).orElseThrow(() -> noJob(jobId));
            if (job.amount() + job.adjusted() + delta < job.paid()) {
                throw new Refused(Refused.Kind.CONFLICT, "below-paid", "job " + jobId + " would charge "
                        + (job.amount() + job.adjusted() + delta) + ", less than the " + job.paid() + " already paid");
            }
            if (job.amount() + job.adjusted() + delta > MAX_AMOUNT) {
                throw Refused.invalid("job " + jobId + " would charge more than " + MAX_AMOUNT);
            }
            String adjustmentId = UuidV7.nextString(clock);
            Map<String, Object> p = base(staff);
            p.put("adjustmentId", adjustmentId);
            p.put("jobId", jobId);
            p.put("customerId", job.customerId());
            p.put("delta", delta);
            p.put("reason", reason);
            p.put("localDate", today().toString());
            p.put("ledger", new LedgerTxn.Builder(clock, "adjustment of job " + jobId + ": " + reason)
                    .debit(Accounts.RECEIVABLES, delta).credit(Accounts.SERVICE_REVENUE, delta)
                    .build("job-adjustment:" + adjustmentId));
            tx.append(JOB_ADJUSTED, p);
            return null;
        });
        return find(jobId).orElseThrow();
    }

    /**
     * A payment against a job, in cash (into the open shift's drawer) or by bank transfer. What is more than
     * the job's outstanding amount is kept as the customer's store credit. A job with nothing outstanding
     * takes no payment.
     */
    public Payment pay(String jobId, NewPayment n, StaffMember staff) {
        String id = id(n.id(), "id");
        String method = method(n.method());
        long amount = amount(n.amount(), "amount");
        LocalDate paidOn = n.paidOn() == null ? today() : date(n.paidOn(), "paidOn", today().minusYears(1), today());
        run(tx -> {
            Job job = job(tx, jobId).orElseThrow(() -> noJob(jobId));
            if (payment(tx, id)) {
                throw new Refused(Refused.Kind.CONFLICT, "payment-exists", "payment " + id + " exists already");
            }
            if (job.outstanding() <= 0) {
                throw new Refused(Refused.Kind.CONFLICT, "job-settled", "job " + jobId + " has nothing outstanding"
                        + " (status " + job.status() + "); a payment needs an open balance");
            }
            String shift = method.equals("CASH") ? DrawerMoves.requireOpenShift(tx, staff.id(), "take cash") : null;
            long applied = Math.min(amount, job.outstanding());
            long credit = amount - applied;
            Map<String, Object> p = base(staff);
            p.put("paymentId", id);
            p.put("jobId", jobId);
            p.put("customerId", job.customerId());
            p.put("method", method);
            p.put("amount", amount);
            p.put("applied", applied);
            p.put("storeCredit", credit);
            p.put("paidOn", paidOn.toString());
            p.put("shiftId", shift);
            p.put("ledger", new LedgerTxn.Builder(clock, "payment of job " + jobId).debit(money(method), amount)
                    .credit(Accounts.RECEIVABLES, applied).credit(Accounts.STORE_CREDIT, credit).build("job-payment:" + id));
            tx.append(PAYMENT_RECORDED, p);
            return null;
        });
        return payment(id).orElseThrow();
    }

    /** An expense: debits its category's expense account, credits cash (the open shift's drawer) or the bank. Managers only. */
    public Expense expense(NewExpense n, StaffMember staff) {
        requireManager(staff, "record an expense");
        String id = id(n.id(), "id");
        String category = n.category() == null ? null : n.category().strip().toUpperCase(java.util.Locale.ROOT);
        if (category == null || !CATEGORIES.contains(category)) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", "category must be one of " + CATEGORIES + ", was "
                    + n.category());
        }
        long amount = amount(n.amount(), "amount");
        String method = method(n.method());
        LocalDate date = n.expenseDate() == null ? today()
                : date(n.expenseDate(), "expenseDate", today().minusYears(1), today());
        String description = text(n.description(), "description", MAX_TEXT);
        run(tx -> {
            if (expense(tx, id).isPresent()) {
                throw new Refused(Refused.Kind.CONFLICT, "expense-exists", "expense " + id + " exists already");
            }
            String shift = method.equals("CASH") ? cashOut(tx, staff, amount, "pay an expense in cash") : null;
            Map<String, Object> p = base(staff);
            p.put("expenseId", id);
            p.put("category", category);
            p.put("amount", amount);
            p.put("method", method);
            p.put("expenseDate", date.toString());
            p.put("description", description);
            p.put("shiftId", shift);
            p.put("ledger", new LedgerTxn.Builder(clock, "expense " + category + ": " + description)
                    .debit(Accounts.expense(category), amount).credit(money(method), amount).build("expense:" + id));
            tx.append(EXPENSE_RECORDED, p);
            return null;
        });
        return findExpense(id).orElseThrow();
    }

    /** Undoes an expense booked in error: the mirror of its ledger transaction; cash goes back into the open drawer. */
    public Expense reverse(String expenseId, Reversal r, StaffMember staff) {
        requireManager(staff, "reverse an expense");
        String reason = text(r.reason(), "reason", MAX_TEXT);
        run(tx -> {
            Expense e = expense(tx, expenseId).orElseThrow(() -> new Refused(Refused.Kind.NOT_FOUND, "not-found",
                    "no expense with id " + expenseId));
            if (e.reversedBy() != null) {
                throw new Refused(Refused.Kind.CONFLICT, "already-reversed", "expense " + expenseId
                        + " was reversed already (" + e.reversedBy() + ")");
            }
            String shift = e.method().equals("CASH") ? DrawerMoves.requireOpenShift(tx, staff.id(), "take cash back")
                    : null;
            String reversalId = UuidV7.nextString(clock);
            Map<String, Object> p = base(staff);
            p.put("reversalId", reversalId);
            p.put("expenseId", expenseId);
            p.put("category", e.category());
            p.put("amount", e.amount());
            p.put("method", e.method());
            p.put("reason", reason);
            p.put("shiftId", shift);
            p.put("localDate", today().toString());
            p.put("ledger", new LedgerTxn.Builder(clock, "reversal of expense " + expenseId + ": " + reason)
                    .credit(Accounts.expense(e.category()), e.amount()).debit(money(e.method()), e.amount())
                    .build("expense-reversal:" + reversalId));
            tx.append(EXPENSE_REVERSED, p);
            return null;
        });
        return findExpense(expenseId).orElseThrow();
    }

    /**
     * Reverses a payment booked in error: what it settled is owed again, what it left as store credit is
     * taken back (refused once that credit is spent) and cash goes out of the drawer of the manager's open
     * shift. A payment is reversed once.
     */
    public Payment reversePayment(String jobId, String paymentId, Reversal r, StaffMember staff) {
        requireManager(staff, "reverse a payment");
        String reason = text(r.reason(), "reason", MAX_TEXT);
        run(tx -> {
            PaymentRow pay = paymentRow(tx, paymentId).filter(x -> x.jobId().equals(jobId)).orElseThrow(() -> new Refused(
                    Refused.Kind.NOT_FOUND, "not-found", "job " + jobId + " has no payment " + paymentId));
            if (pay.reversedBy() != null) {
                throw new Refused(Refused.Kind.CONFLICT, "already-reversed", "payment " + paymentId
                        + " was reversed already (" + pay.reversedBy() + ")");
            }
            long credit = Customers.storeCredit(tx, pay.customerId()).orElse(0L);
            if (credit < pay.storeCredit()) {
                throw new Refused(Refused.Kind.CONFLICT, "store-credit-spent", "the payment left "
                        + Money.format(pay.storeCredit()) + " as store credit and the customer holds only "
                        + Money.format(credit) + " now; adjust the job instead");
            }
            String shift = pay.method().equals("CASH") ? cashOut(tx, staff, pay.amount(), "pay cash back") : null;
            String reversalId = UuidV7.nextString(clock);
            Map<String, Object> p = base(staff);
            p.put("reversalId", reversalId);
            p.put("paymentId", paymentId);
            p.put("jobId", jobId);
            p.put("customerId", pay.customerId());
            p.put("method", pay.method());
            p.put("amount", pay.amount());
            p.put("applied", pay.applied());
            p.put("storeCredit", pay.storeCredit());
            p.put("reason", reason);
            p.put("shiftId", shift);
            p.put("localDate", today().toString());
            p.put("ledger", new LedgerTxn.Builder(clock, "reversal of payment " + paymentId + ": " + reason)
                    .debit(Accounts.RECEIVABLES, pay.applied()).debit(Accounts.STORE_CREDIT, pay.storeCredit())
                    .credit(money(pay.method()), pay.amount()).build("job-payment-reversal:" + reversalId));
            tx.append(PAYMENT_REVERSED, p);
            return null;
        });
        return payment(paymentId).orElseThrow();
    }

    private record PaymentRow(String jobId, String customerId, String method, long amount, long applied, long storeCredit,
                              String reversedBy) {
    }

    private static Optional<PaymentRow> paymentRow(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT p.job_id, p.customer_id, p.method, p.amount, p.applied, p.store_credit,"
                + " r.id FROM job_payments p LEFT JOIN job_payment_reversals r ON r.payment_id = p.id WHERE p.id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new PaymentRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6), rs.getString(7))) : Optional.empty();
        }
    }

    public Optional<Job> find(String jobId) {
        return journal.read(c -> Rows.one(c, JOB_SELECT + " WHERE j.id = ?", BackOffice::job, jobId));
    }

    public Optional<Expense> findExpense(String id) {
        return journal.read(c -> Rows.one(c, EXPENSE_SELECT + " WHERE e.id = ?", BackOffice::expense, id));
    }

    /**
     * Jobs newest service date first, at most {@code limit}: only those with something outstanding when
     * {@code open}, and only one customer's when {@code customerId} is given.
     */
    public List<Job> jobs(boolean open, String customerId, int limit) {
        return journal.read(c -> Rows.list(c, JOB_SELECT + " WHERE (?1 = 0 OR j.amount + j.adjusted > j.paid)"
                + " AND (?2 IS NULL OR j.customer_id = ?2) ORDER BY j.service_date DESC, j.seq DESC LIMIT ?3",
                BackOffice::job, open ? 1 : 0, customerId, limit));
    }

    /** The job with its payments and adjustments in the order they were journaled; empty when no such job. */
    public Optional<JobHistory> history(String jobId) {
        return journal.read(c -> {
            Optional<Job> job = Rows.one(c, JOB_SELECT + " WHERE j.id = ?", BackOffice::job, jobId);
            if (job.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new JobHistory(job.get(), Rows.list(c, "SELECT 'PAYMENT', p.id, p.paid_on, p.occurred_at,"
                    + " p.amount, p.method, p.applied, p.store_credit, NULL, p.actor, p.seq, r.id FROM job_payments p"
                    + " LEFT JOIN job_payment_reversals r ON r.payment_id = p.id WHERE p.job_id = ?1"
                    + " UNION ALL SELECT 'ADJUSTMENT', id, local_date, occurred_at, delta, NULL, 0, 0, reason, actor, seq, NULL"
                    + " FROM job_adjustments WHERE job_id = ?1"
                    + " UNION ALL SELECT 'REVERSAL', id, local_date, occurred_at, -amount, method, -applied, -store_credit,"
                    + " reason, actor, seq, NULL FROM job_payment_reversals WHERE job_id = ?1 ORDER BY 11",
                    rs -> new JobEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getString(10),
                            rs.getString(12)), jobId)));
        });
    }

    /** Expenses by expense date, newest first, at most {@code limit}. */
    public List<Expense> expenses(LocalDate from, LocalDate to, int limit) {
        return journal.read(c -> Rows.list(c, EXPENSE_SELECT + " WHERE e.expense_date BETWEEN ? AND ?"
                + " ORDER BY e.expense_date DESC, e.seq DESC LIMIT ?", BackOffice::expense, from.toString(), to.toString(),
                limit));
    }

    public Optional<Payment> payment(String id) {
        return journal.read(c -> Rows.one(c, "SELECT p.id, p.job_id, p.customer_id, p.method, p.amount, p.applied,"
                + " p.store_credit, p.paid_on, p.shift_id, p.occurred_at, r.id FROM job_payments p"
                + " LEFT JOIN job_payment_reversals r ON r.payment_id = p.id WHERE p.id = ?", rs -> new Payment(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                Rows.one(c, JOB_SELECT + " WHERE j.id = ?", BackOffice::job, rs.getString(2)).orElseThrow()), id));
    }

    /** The customer's account with every job; empty when there is no such customer. */
    public Optional<Account> account(String customerId) {
        return journal.read(c -> {
            record CustomerRow(String name, long credit) {
            }
            Optional<CustomerRow> customer = Rows.one(c, "SELECT name, store_credit FROM customers WHERE id = ?",
                    rs -> new CustomerRow(rs.getString(1), rs.getLong(2)), customerId);
            if (customer.isEmpty()) {
                return Optional.empty();
            }
            List<Job> jobs = Rows.list(c, JOB_SELECT + " WHERE j.customer_id = ? ORDER BY j.service_date, j.seq",
                    BackOffice::job, customerId);
            long billed = jobs.stream().mapToLong(j -> j.amount() + j.adjusted()).sum();
            long paid = jobs.stream().mapToLong(Job::paid).sum();
            return Optional.of(new Account(customerId, customer.get().name(), billed, paid, billed - paid,
                    customer.get().credit(), jobs));
        });
    }

    private static final String JOB_SELECT = "SELECT j.id, j.customer_id, j.service_type, j.service_date, j.amount,"
            + " j.adjusted, j.paid, j.notes, j.created_at, c.name FROM service_jobs j JOIN customers c ON c.id = j.customer_id";
    private static final String EXPENSE_SELECT = "SELECT e.id, e.category, e.amount, e.method, e.expense_date,"
            + " e.description, e.shift_id, e.occurred_at, r.id FROM expenses e"
            + " LEFT JOIN expense_reversals r ON r.expense_id = e.id";

    private static Job job(ResultSet rs) throws SQLException {
        long owed = rs.getLong(5) + rs.getLong(6);
        long paid = rs.getLong(7);
        String status = paid >= owed ? "PAID" : paid > 0 ? "PARTIAL" : "UNPAID";
        return new Job(rs.getString(1), rs.getString(2), rs.getString(10), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getLong(6), paid, owed - paid, status, rs.getString(8), rs.getString(9));
    }

    private static Expense expense(ResultSet rs) throws SQLException {
        return new Expense(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9));
    }

    private static Optional<Job> job(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement(JOB_SELECT + " WHERE j.id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    private static Optional<Expense> expense(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement(EXPENSE_SELECT + " WHERE e.id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(expense(rs)) : Optional.empty();
        }
    }

    private static boolean payment(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT 1 FROM job_payments WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    private static String customerName(JournalTransaction tx, String id) throws SQLException {
        PreparedStatement ps = tx.statement("SELECT name FROM customers WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new Refused(Refused.Kind.NOT_FOUND, "unknown-customer", "no customer with id " + id
                        + "; create it first with POST /api/v1/customers");
            }
            return rs.getString(1);
        }
    }

    /** The open shift cash leaves from, refusing more than its drawer should hold. */
    private static String cashOut(JournalTransaction tx, StaffMember staff, long amount, String what) throws SQLException {
        String shift = DrawerMoves.requireOpenShift(tx, staff.id(), what);
        PreparedStatement ps = tx.statement("SELECT COALESCE(SUM(amount), 0) FROM drawer_moves WHERE shift_id = ?");
        ps.setString(1, shift);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getLong(1) < amount) {
                throw new Refused(Refused.Kind.CONFLICT, "not-enough-cash", "paying " + amount + " in cash is more than the "
                        + rs.getLong(1) + " the drawer of shift " + shift + " should hold; pay by BANK or put cash in first");
            }
        }
        return shift;
    }

    private static String money(String method) {
        return method.equals("CASH") ? Accounts.CASH : Accounts.BANK;
    }

    private static Refused noJob(String id) {
        return new Refused(Refused.Kind.NOT_FOUND, "unknown-job", "no job with id " + id);
    }

    private static void requireManager(StaffMember staff, String what) {
        if (!staff.role().approves()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "manager-required", staff.name() + " (" + staff.role()
                    + ") may not " + what + "; a manager must log in");
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    private Map<String, Object> base(StaffMember staff) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("actor", staff.actor());
        p.put("at", clock.instant().toString());
        p.put("currency", currency);
        return p;
    }

    /** The caller's UUID (made offline by the screen), or a new one. */
    private String id(String raw, String field) {
        if (raw == null) {
            return UuidV7.nextString(clock);
        }
        try {
            return java.util.UUID.fromString(raw).toString().equals(raw.toLowerCase(java.util.Locale.ROOT))
                    ? raw.toLowerCase(java.util.Locale.ROOT) : fail(field, raw);
        } catch (IllegalArgumentException e) {
            return fail(field, raw);
        }
    }

    private static String fail(String field, String raw) {
        throw new Refused(Refused.Kind.INVALID, "invalid-field", field + " must be a UUID, was '" + raw + "'");
    }

    private static long amount(Long raw, String field) {
        if (raw == null || raw <= 0 || raw > MAX_AMOUNT) {
            throw new Refused(Refused.Kind.INVALID, "invalid-amount", field + " must be an integer of minor units, 1.."
                    + MAX_AMOUNT + ", was " + raw);
        }
        return raw;
    }

    private static String method(String raw) {
        if (raw == null || !METHODS.contains(raw)) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", "method must be CASH or BANK, was " + raw);
        }
        return raw;
    }

    static String text(String raw, String field, int max) {
        if (raw == null || raw.isBlank() || raw.strip().length() > max) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", field + " is required (1-" + max + " characters)");
        }
        return raw.strip();
    }

    private static String optionalText(String raw, String field, int max) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        if (raw.strip().length() > max) {
            throw new Refused(Refused.Kind.INVALID, "invalid-field", field + " is at most " + max + " characters");
        }
        return raw.strip();
    }

    static LocalDate date(String raw, String field, LocalDate earliest, LocalDate latest) {
        LocalDate d;
        try {
            d = LocalDate.parse(String.valueOf(raw));
        } catch (DateTimeParseException e) {
            throw new Refused(Refused.Kind.INVALID, "invalid-date", field + " must be a date yyyy-MM-dd, was '" + raw + "'");
        }
        if (d.isBefore(earliest) || d.isAfter(latest)) {
            throw new Refused(Refused.Kind.INVALID, "date-out-of-range", field + " " + d + " is outside " + earliest
                    + ".." + latest);
        }
        return d;
    }

    private void run(WriteCommand<Void> command) {
        try {
            journal.submit(command).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}

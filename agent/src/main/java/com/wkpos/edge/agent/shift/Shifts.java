package com.wkpos.edge.agent.shift;

import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalInput;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.approval.Grant;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.fiscal.FiscalDocument;
import com.wkpos.edge.agent.fiscal.Fiscalization;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.journal.UuidV7;
import com.wkpos.edge.agent.journal.WriteCommand;
import com.wkpos.edge.agent.ledger.Accounts;
import com.wkpos.edge.agent.ledger.LedgerTxn;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.agent.print.Printouts;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.staff.StaffMember;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Shifts and the drawer's cash: open with a float, cash in and out with a reason, a no-sale opening,
 * close with the counted cash (expected vs counted, an alert over the threshold), X reports and the Z
 * report that closes the day. Each is one journal entry with its ledger transaction. Thread-safe; the
 * drawer opens (through {@code drawerKick}) only after the entry committed.
 */
public final class Shifts {
    static final String OPENED = "shift.opened";
    static final String CASH_MOVED = "shift.cash-moved";
    static final String NO_SALE = "shift.no-sale";
    static final String CLOSED = "shift.closed";
    static final String VARIANCE_ALERT = "shift.variance-alert";
    static final String Z_REPORT = "report.z";

    /** A shift as screens see it; {@code expected} is the cash that should be in its drawer now (or at close). */
    public record View(String id, String staffId, String status, long openingFloat, long expected, Long counted,
                       Long variance, String openedAt, String closedAt, Long zNo) {
    }

    private final Journal journal;
    private final ShiftSettings settings;
    private final Approvals approvals;
    private final Events events;
    private final Clock clock;
    private final String currency;
    private final Consumer<String> drawerKick;
    private final Function<String, String> categoryOf;
    private final Printouts printouts;
    private final Fiscalization fiscal;

    /**
     * @param printouts where the Z prints in its own transaction, and an X on request
     * @param fiscal    whether cash movements and drawer openings carry a fiscal document
     */
    public Shifts(Journal journal, ShiftSettings settings, Approvals approvals, Events events, Clock clock,
                  String currency, Consumer<String> drawerKick, Function<String, String> categoryOf,
                  Printouts printouts, Fiscalization fiscal) {
        this.fiscal = fiscal;
        this.printouts = printouts;
        this.journal = journal;
        this.settings = settings;
        this.approvals = approvals;
        this.events = events;
        this.clock = clock;
        this.currency = currency;
        this.drawerKick = drawerKick;
        this.categoryOf = categoryOf;
    }

    public static void register(Projections.Builder projections) {
        projections.on(OPENED, ShiftProjection::opened)
                .on(CASH_MOVED, ShiftProjection::cashMoved)
                .on(NO_SALE, ShiftProjection::noSale)
                .on(CLOSED, ShiftProjection::closed)
                .on(VARIANCE_ALERT, ShiftProjection::varianceAlert)
                .on(Z_REPORT, ShiftProjection::zReport)
                .table("shifts", "id", "seq")
                .table("drawer_moves", "id", "seq")
                .table("z_reports", "z_no", "seq")
                .table("cash_move_keys", "idempotency_key", "seq");
    }

    public static List<JournalVerifier.Check> checks() {
        return ShiftChecks.all();
    }

    public ShiftSettings settings() {
        return settings;
    }

    /** @throws Refused 400 for a negative float, 409 when the member already has an open shift */
    public View open(StaffMember staff, long openingFloat) {
        requireAmount("openingFloat", openingFloat, 0);
        String id = UuidV7.nextString(clock);
        run(tx -> {
            var mine = tx.statement("SELECT id FROM shifts WHERE status = 'OPEN' AND staff_id = ?");
            mine.setString(1, staff.id());
            try (ResultSet rs = mine.executeQuery()) {
                if (rs.next()) {
                    throw new Refused(Refused.Kind.CONFLICT, "shift-already-open", staff.id() + " already has shift "
                            + rs.getString(1) + " open; close it first");
                }
            }
            Map<String, Object> p = base(tx, staff.actor(), new LedgerTxn.Builder(clock, "float " + staff.id())
                    .debit(Accounts.CASH, openingFloat).credit(Accounts.SAFE, openingFloat).build("shift-open:" + id));
            p.put("shiftId", id);
            p.put("staffId", staff.id());
            p.put("openingFloat", openingFloat);
            if (openingFloat > 0) {
                fiscal.attach(tx, p, () -> FiscalDocument.cash("shift-open:" + id, "FLOAT", openingFloat));
            }
            tx.append(OPENED, p);
            afterCommitKick(tx, "shift opened");
            return null;
        });
        return find(id).orElseThrow();
    }

    /**
     * Cash in (a top-up from the safe) or out (to the safe, a payout) of the actor's open shift.
     *
     * @throws Refused 400 for a non-positive amount or no reason, 403 without a needed approval, 409 with
     *                 no open shift or more cash out than the drawer should hold
     */
    /**
     * Cash in or out of the drawer of the staff member's open shift. With an {@code idempotencyKey} (may be
     * null), the same key again is answered with the shift as that move left it and books nothing; the same
     * key for another move is refused.
     */
    public View moveCash(StaffMember staff, boolean in, long amount, String reason, ApprovalInput approval,
                         String origin, String idempotencyKey) {
        requireAmount("amount", amount, 1);
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw Refused.invalid("reason is required for cash " + (in ? "in" : "out") + " (1-200 characters)");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw Refused.invalid("Idempotency-Key must be 1-200 characters");
        }
        String kind = in ? "CASH_IN" : "CASH_OUT";
        Optional<String> done = journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(KEY_SELECT)) {
                return madeWith(ps, idempotencyKey, kind, amount, reason);
            }
        });
        if (done.isPresent()) {
            // made already: answered before any approval is asked for again
            return find(done.get()).orElseThrow();
        }
        Optional<Grant> grant = in ? Optional.empty()
                : approvals.check(Action.CASH_OUT, amount, staff.actor(), approval, origin);
        String[] shift = new String[1];
        run(tx -> {
            Optional<String> raced = madeWith(tx.statement(KEY_SELECT), idempotencyKey, kind, amount, reason);
            if (raced.isPresent()) {
                shift[0] = raced.get();
                return null;
            }
            shift[0] = DrawerMoves.requireOpenShift(tx, staff.id(), "move cash");
            if (!in && DrawerMoves.expected(tx, shift[0]) < amount) {
                throw new Refused(Refused.Kind.CONFLICT, "not-enough-cash", "cash out of " + amount + " is more than the "
                        + DrawerMoves.expected(tx, shift[0]) + " the drawer of shift " + shift[0] + " should hold");
            }
            if (grant.isPresent()) {
                Approvals.apply(tx, grant.get(), "shift:" + shift[0], staff.actor());
            }
            LedgerTxn.Builder ledger = new LedgerTxn.Builder(clock, "cash " + (in ? "in" : "out") + ": " + reason);
            if (in) {
                ledger.debit(Accounts.CASH, amount).credit(Accounts.SAFE, amount);
            } else {
                ledger.credit(Accounts.CASH, amount).debit(Accounts.SAFE, amount);
            }
            String moveId = UuidV7.nextString(clock);
            Map<String, Object> p = base(tx, staff.actor(), ledger.build("cash-move:" + moveId));
            fiscal.attach(tx, p, () -> FiscalDocument.cash("cash:" + moveId, in ? "CASH_IN" : "CASH_OUT", in ? amount : -amount));
            p.put("shiftId", shift[0]);
            p.put("kind", in ? "CASH_IN" : "CASH_OUT");
            p.put("amount", amount);
            p.put("reason", reason);
            p.put("idempotencyKey", idempotencyKey);
            tx.append(CASH_MOVED, p);
            afterCommitKick(tx, "cash " + (in ? "in" : "out"));
            return null;
        });
        return find(shift[0]).orElseThrow();
    }

    private static final String KEY_SELECT = "SELECT shift_id, kind, amount, reason FROM cash_move_keys"
            + " WHERE idempotency_key = ?";

    /** The shift a move with this key was made in; refused when the key was used for another move. */
    private static Optional<String> madeWith(PreparedStatement ps, String key, String kind, long amount, String reason)
            throws SQLException {
        if (key == null) {
            return Optional.empty();
        }
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            if (!rs.getString(2).equals(kind) || rs.getLong(3) != amount || !rs.getString(4).equals(reason)) {
                throw new Refused(Refused.Kind.CONFLICT, "idempotency-key-reused", "Idempotency-Key " + key
                        + " was used for a " + rs.getString(2) + " of " + rs.getLong(3) + " (" + rs.getString(4)
                        + "); a new cash move needs a new key");
            }
            return Optional.of(rs.getString(1));
        }
    }

    /** Opens the drawer without a sale (audited; approved by a manager where the branch says so). */
    public void noSale(StaffMember staff, String reason, ApprovalInput approval, String origin) {
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw Refused.invalid("reason is required to open the drawer without a sale");
        }
        Optional<Grant> grant = approvals.check(Action.NO_SALE, 0, staff.actor(), approval, origin);
        run(tx -> {
            String shiftId = DrawerMoves.requireOpenShift(tx, staff.id(), "open the drawer");
            if (grant.isPresent()) {
                Approvals.apply(tx, grant.get(), "drawer", staff.actor());
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("actor", staff.actor());
            p.put("at", clock.instant().toString());
            p.put("reason", reason);
            p.put("shiftId", shiftId);
            String openingId = UuidV7.nextString(clock);
            fiscal.attach(tx, p, () -> FiscalDocument.receipt("no-sale:" + openingId, "NO_SALE",
                    com.wkpos.edge.agent.fiscal.ProcessData.other()));
            tx.append(NO_SALE, p);
            afterCommitKick(tx, "no sale");
            return null;
        });
    }

    /**
     * Closes a shift with the cash counted in its drawer.
     *
     * @throws Refused 400 for negative cash, 404 for no such shift, 409 when it is closed already
     */
    public View close(StaffMember staff, String shiftId, long counted) {
        requireAmount("counted", counted, 0);
        run(tx -> {
            String status = status(tx, shiftId);
            if (!status.equals("OPEN")) {
                throw new Refused(Refused.Kind.CONFLICT, "shift-closed", "shift " + shiftId + " is closed already");
            }
            long expected = DrawerMoves.expected(tx, shiftId);
            Map<String, Object> closing = closing(shiftId, expected, counted);
            Map<String, Object> p = base(tx, staff.actor(), closingLedger(List.of(closing), "shift-close:" + shiftId));
            p.put("closing", closing);
            if (expected != 0) {
                fiscal.attach(tx, p, () -> FiscalDocument.cash("shift-close:" + shiftId, "TRANSIT", -expected));
            }
            tx.append(CLOSED, p);
            long variance = counted - expected;
            if (Math.abs(variance) > settings.varianceAlert()) {
                Map<String, Object> alert = Map.of("shiftId", shiftId, "variance", variance, "threshold",
                        settings.varianceAlert(), "actor", staff.actor(), "at", clock.instant().toString());
                tx.append(VARIANCE_ALERT, alert);
                tx.afterCommit(() -> events.publish("shift.variance", alert));
            }
            return null;
        });
        return find(shiftId).orElseThrow();
    }

    /** The X report: the day's totals since the last Z and every open shift's expected cash; writes nothing. */
    public Map<String, Object> x() {
        return journal.read(c -> {
            try (ReadContext ctx = new ReadContext(c)) {
                long after = ZReports.lastZSeq(ctx);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("kind", "X");
                out.put("at", clock.instant().toString());
                out.put("sinceSeq", after);
                out.put("totals", ZTotals.compute(ctx, after, Long.MAX_VALUE, categoryOf));
                out.put("openShifts", ShiftReads.open(c));
                return out;
            }
        });
    }

    /**
     * The Z report: closes every open shift (uncounted ones at their expected cash), takes the next Z
     * number and adds the day's turnover to the grand total. Once per business day, never reversed.
     *
     * @throws Refused 403 for a cashier, 409 when today's Z is done
     */
    public Map<String, Object> z(StaffMember staff) {
        if (!staff.role().approves()) {
            throw new Refused(Refused.Kind.FORBIDDEN, "not-a-manager", "only a manager or admin runs the Z report");
        }
        String[] job = new String[1];
        long zNo = run(tx -> {
            long no = ZReports.append(tx, staff.actor(), settings.zone(), currency, categoryOf, this, fiscal);
            job[0] = printouts.queue(tx, PrintJob.Document.Z, String.valueOf(no), null, PrintJob.Kind.ORIGINAL,
                    staff.actor()).orElse(null);
            return no;
        });
        Map<String, Object> z = new LinkedHashMap<>(ZReports.find(journal, zNo).orElseThrow());
        z.put("printJobId", job[0]);
        return z;
    }

    /**
     * Prints the X report as it stands now and answers it; the print job carries what was printed.
     *
     * @throws Refused 409 when no receipt printer is configured
     */
    public Map<String, Object> printX(StaffMember staff) {
        requirePrinter();
        Map<String, Object> x = new LinkedHashMap<>(x());
        x.put("actor", staff.actor());
        String content = CanonicalJson.write(x);
        x.put("printJobId", run(tx -> printouts.queue(tx, PrintJob.Document.X, null, content, PrintJob.Kind.ORIGINAL,
                staff.actor()).orElseThrow()));
        return x;
    }

    /**
     * Prints a copy of a Z report (marked COPY; the Z itself is never repeated).
     *
     * @throws Refused 404 no such Z, 409 when no receipt printer is configured
     */
    public String reprintZ(StaffMember staff, long zNo) {
        requirePrinter();
        if (zReport(zNo).isEmpty()) {
            throw new Refused(Refused.Kind.NOT_FOUND, "not-found", "no Z report number " + zNo);
        }
        return run(tx -> printouts.queue(tx, PrintJob.Document.Z, String.valueOf(zNo), null, PrintJob.Kind.COPY,
                staff.actor()).orElseThrow());
    }

    private void requirePrinter() {
        if (!printouts.enabled()) {
            throw new Refused(Refused.Kind.CONFLICT, "no-printer", "this branch has no receipt printer configured");
        }
    }

    public Optional<Map<String, Object>> zReport(long zNo) {
        return ZReports.find(journal, zNo);
    }

    public Optional<View> find(String id) {
        return journal.read(c -> ShiftReads.find(c, id));
    }

    public List<View> openShifts() {
        return journal.read(ShiftReads::open);
    }

    Map<String, Object> closing(String shiftId, long expected, long counted) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("shiftId", shiftId);
        c.put("expected", expected);
        c.put("counted", counted);
        c.put("variance", counted - expected);
        return c;
    }

    /** The variance against its account, then the counted cash from the drawer to the safe. */
    LedgerTxn closingLedger(List<Map<String, Object>> closings, String txnId) {
        LedgerTxn.Builder b = new LedgerTxn.Builder(clock, "closing " + txnId);
        for (Map<String, Object> c : closings) {
            long variance = (Long) c.get("variance");
            long counted = (Long) c.get("counted");
            b.debit(Accounts.CASH, variance).credit(Accounts.CASH_VARIANCE, variance);
            b.credit(Accounts.CASH, counted).debit(Accounts.SAFE, counted);
        }
        return b.build(txnId);
    }

    Map<String, Object> base(JournalTransaction tx, String actor, LedgerTxn ledger) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("actor", actor);
        p.put("at", tx.clock().instant().toString());
        p.put("currency", currency);
        p.put("ledger", ledger);
        return p;
    }

    private static String status(JournalTransaction tx, String shiftId) throws SQLException {
        var ps = tx.statement("SELECT status FROM shifts WHERE id = ?");
        ps.setString(1, shiftId);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new Refused(Refused.Kind.NOT_FOUND, "not-found", "no shift with id " + shiftId);
            }
            return rs.getString(1);
        }
    }

    private void afterCommitKick(JournalTransaction tx, String why) {
        tx.afterCommit(() -> drawerKick.accept(why));
    }

    private <T> T run(WriteCommand<T> command) {
        try {
            return journal.submit(command).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Cash counted or moved: whole minor units from {@code min} up to the till's largest amount. */
    private static void requireAmount(String field, long amount, long min) {
        if (amount < min || amount > com.wkpos.edge.agent.sale.SaleSettings.MAX_AMOUNT) {
            throw Refused.invalid(field + " must be " + min + ".." + com.wkpos.edge.agent.sale.SaleSettings.MAX_AMOUNT
                    + " minor units, was " + amount);
        }
    }
}

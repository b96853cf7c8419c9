package com.wkpos.edge.agent;

import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.fiscal.Fiscalization;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.print.Printouts;
import com.wkpos.edge.agent.refund.Exchanges;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleSettings;
import com.wkpos.edge.agent.sale.SaleTill;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.shift.ShiftSettings;
import com.wkpos.edge.agent.shift.Shifts;
import com.wkpos.edge.agent.staff.Staff;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.agent.staff.StaffMember;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A branch without the HTTP server: journal, demo catalog, the demo staff, shifts, sales and refunds over
 * a real SQLite file. A shift of {@link #cashier} is open from the start, as every sale needs one.
 */
public final class TestBranch implements AutoCloseable {
    public final Journal journal;
    public final Catalogs catalogs;
    public final Sales sales;
    public final Events events;
    public final Shifts shifts;
    public final Refunds refunds;
    public final Exchanges exchanges;
    public final Staff staff;
    public final StaffMember cashier;

    public TestBranch(Path dir, SaleSettings settings) {
        this(dir, settings, SaleTill.defaults());
    }

    public TestBranch(Path dir, SaleSettings settings, SaleTill till) {
        Clock clock = Clock.systemUTC();
        journal = Journal.open(dir, clock, Agent.projections());
        events = new Events(clock);
        catalogs = Catalogs.open(journal, settings.currency());
        if (catalogs.current().size() == 0) {
            catalogs.load(CatalogFile.demo(), "demo catalog", settings.currency());
        }
        staff = new Staff(journal, StaffDirectory.demo(), clock);
        Approvals approvals = new Approvals(ApprovalPolicy.none(), staff, journal, events, clock);
        sales = new Sales(journal, catalogs, settings, events, till, null, approvals);
        Fiscalization fiscal = till.fiscal();
        shifts = new Shifts(journal, ShiftSettings.defaults(), approvals, events, clock, settings.currency(),
                why -> { }, sku -> "none", Printouts.none(), fiscal);
        refunds = new Refunds(journal, approvals, new CardRefunds(journal, Optional::empty, events, clock,
                settings.currency()), new Refunds.Rules(ZoneId.of("Europe/Berlin"), settings.currency(), clock,
                why -> { }, Refunds.Slips.NONE, fiscal));
        exchanges = new Exchanges(refunds, sales);
        cashier = staff.directory().find("anna").orElseThrow();
        if (shifts.openShifts().isEmpty()) {
            shifts.open(cashier, 10_000);
        }
    }

    /** Opens a shift on {@code agent}'s till (as cashier anna of the demo till) unless one is open: sales need one. */
    public static void openShift(Agent agent) {
        if (agent.shifts().openShifts().isEmpty()) {
            agent.shifts().open(StaffDirectory.demo().find("anna").orElseThrow(), 10_000);
        }
    }

    public TestBranch(Path dir) {
        this(dir, new SaleSettings("EUR", 0, false));
    }

    public Sales.Completed sell(String sku, long qty) {
        return sales.complete(cash(sku, qty, 1_000_000), UUID.randomUUID().toString(), "test");
    }

    public static SaleRequest cash(String sku, long qty, long paid) {
        return new SaleRequest(List.of(new SaleRequest.Line(sku, null, qty)), null,
                List.of(new SaleRequest.Payment("CASH", paid)));
    }

    @Override
    public void close() {
        journal.close();
        events.close();
    }
}

package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.api.TillApi;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.fiscal.Fiscalization;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.payment.CardPayments;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.agent.print.Printouts;
import com.wkpos.edge.agent.refund.Exchanges;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.ParkedSales;
import com.wkpos.edge.agent.sale.SaleTill;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.shift.Shifts;
import com.wkpos.edge.agent.staff.Staff;
import java.time.Clock;
import java.util.function.Consumer;

/** The till as the composition root wires it: staff, approvals, sales, shifts, refunds and their API. */
record TillParts(Staff staff, Approvals approvals, CardPayments cards, Sales sales, Shifts shifts, Refunds refunds,
                 Printouts printouts, TillApi api, Fiscalization fiscal) {

    static TillParts build(AgentConfig config, Journal journal, Events events, Clock clock, Catalogs catalogs,
                           DeviceManager devices, Consumer<String> drawerKick) {
        String currency = config.sale().currency();
        TillConfig.Rules rules = config.till().rules();
        Staff staff = new Staff(journal, config.till().staff(), clock);
        Fiscalization fiscal = Fiscalization.of(!config.fiscal().equals("none"));
        Approvals approvals = new Approvals(rules.approvals(), staff, journal, events, clock);
        CardPayments cards = new CardPayments(journal, devices::terminal, events, clock, currency);
        ParkedSales parked = new ParkedSales(journal, events, clock);
        Sales sales = new Sales(journal, catalogs, config.sale(), events, new SaleTill(rules.rates(),
                rules.loyalty(), fiscal), cards, approvals, parked);
        Printouts printouts = Printouts.to(config.devices().containsKey("printer"));
        Shifts shifts = new Shifts(journal, rules.shifts(), approvals, events, clock, currency, drawerKick,
                sku -> catalogs.current().bySku(sku).map(i -> i.categories().isEmpty() ? "none"
                        : i.categories().getFirst()).orElse("unknown"), printouts, fiscal);
        Refunds refunds = new Refunds(journal, approvals, new CardRefunds(journal, devices::terminal, events, clock,
                currency), new Refunds.Rules(rules.shifts().zone(), currency, clock, drawerKick,
                (tx, refundId, actor) -> printouts.queue(tx, PrintJob.Document.REFUND, refundId, null,
                        PrintJob.Kind.ORIGINAL, actor), fiscal));
        TillApi api = new TillApi(staff, shifts, approvals, new GiftCards(journal, clock, currency, drawerKick, fiscal),
                new Customers(journal, clock, rules.loyalty(), currency), journal, refunds, new Exchanges(refunds, sales), parked);
        return new TillParts(staff, approvals, cards, sales, shifts, refunds, printouts, api, fiscal);
    }
}

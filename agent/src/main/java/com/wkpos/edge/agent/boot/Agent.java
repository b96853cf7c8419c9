package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.api.AgentInfo;
import com.wkpos.edge.agent.api.LanApi;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.stock.Stock;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/** The composition root: builds the branch service from its configuration, top to bottom, by hand. */
public final class Agent implements AutoCloseable {
    private final Journal journal;
    private final Events events;
    private final Sales sales;
    private final Catalogs catalogs;
    private final LanApi api;

    private Agent(Journal journal, Events events, Catalogs catalogs, Sales sales, LanApi api) {
        this.journal = journal;
        this.events = events;
        this.catalogs = catalogs;
        this.sales = sales;
        this.api = api;
    }

    /** Every journal entry type and projection table of the agent. */
    public static Projections projections() {
        Projections.Builder b = Projections.builder();
        Catalogs.register(b);
        Stock.register(b);
        Ledger.register(b);
        Sales.register(b);
        return b.build();
    }

    public static JournalVerifier verifier() {
        List<JournalVerifier.Check> checks = new ArrayList<>();
        checks.add(Ledger.balanceCheck());
        checks.addAll(Sales.checks());
        return new JournalVerifier(projections(), checks);
    }

    public static Agent start(AgentConfig config, Clock clock) {
        Journal journal = Journal.open(config.stateDir(), clock, projections());
        Events events = new Events(clock);
        LanApi api = null;
        try {
            String currency = config.sale().currency();
            Catalogs catalogs = Catalogs.open(journal, currency);
            if (config.catalog().isPresent()) {
                catalogs.load(CatalogFile.read(config.catalog().get()), config.catalog().get().toString(), currency);
            } else if (config.demoCatalog() && catalogs.current().size() == 0) {
                catalogs.load(CatalogFile.demo(), "demo catalog", currency);
            }
            Sales sales = new Sales(journal, catalogs, config.sale(), events);
            AgentInfo info = new AgentInfo(version(), clock.instant(), config.branchName(), config.devices());
            api = new LanApi(info, journal, catalogs, sales, events, clock).start(config.listenHost(), config.listenPort());
            Logger.info("agent {} up: device {}, journal seq {}, catalog version {} ({} items)", version(),
                    journal.deviceId(), journal.head().seq(), catalogs.current().version(), catalogs.current().size());
            return new Agent(journal, events, catalogs, sales, api);
        } catch (RuntimeException e) {
            if (api != null) {
                api.close();
            }
            events.close();
            journal.close();
            throw e;
        }
    }

    public static String version() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public int port() {
        return api.port();
    }

    public Journal journal() {
        return journal;
    }

    public Sales sales() {
        return sales;
    }

    public Catalogs catalogs() {
        return catalogs;
    }

    public Events events() {
        return events;
    }

    /** Stops taking requests, lets the journal writer finish what it has, and closes the database. */
    @Override
    public void close() {
        api.close();
        journal.close();
        events.close();
    }
}

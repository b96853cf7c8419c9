package com.wkpos.edge.agent;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleSettings;
import com.wkpos.edge.agent.sale.Sales;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** A branch without the HTTP server: journal, demo catalog and sales over a real SQLite file. */
public final class TestBranch implements AutoCloseable {
    public final Journal journal;
    public final Catalogs catalogs;
    public final Sales sales;
    public final Events events;

    public TestBranch(Path dir, SaleSettings settings) {
        journal = Journal.open(dir, Clock.systemUTC(), Agent.projections());
        events = new Events(Clock.systemUTC());
        catalogs = Catalogs.open(journal, settings.currency());
        if (catalogs.current().size() == 0) {
            catalogs.load(CatalogFile.demo(), "demo catalog", settings.currency());
        }
        sales = new Sales(journal, catalogs, settings, events);
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

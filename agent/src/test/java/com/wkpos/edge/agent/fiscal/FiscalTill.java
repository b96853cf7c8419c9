package com.wkpos.edge.agent.fiscal;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.customer.LoyaltyRule;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.payment.CardPayments;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.payment.ExchangeRates;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.print.Printouts;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleSettings;
import com.wkpos.edge.agent.sale.SaleTill;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.shift.ShiftSettings;
import com.wkpos.edge.agent.shift.Shifts;
import com.wkpos.edge.agent.staff.Staff;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.agent.staff.StaffMember;
import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.CardTerminal;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.fiscal.SimulatedTse;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A German till without the HTTP server, as the agent wires it with {@code --fiscal sim}: journal, a small
 * catalog at 19 and 7 % (one item net-priced, one named with a {@code ;} and quotes; one at 16 % that only a
 * till without a security device can sell), the demo staff (anna at the till, maria the manager), shifts,
 * sales with cash (US dollars too, at 0.92) and card (a terminal that approves), refunds, gift cards, and
 * every till transaction signed by the simulated TSE in {@code DIR/tse-sim}. The recorder does not run on
 * its own: {@link #sign()} signs what is pending, as its thread would.
 */
final class FiscalTill implements AutoCloseable {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final String BEANS = "BEANS-250";
    static final String BEANS_NAME = "Bohnen \"Napoli\"; kräftig 250 g";
    static final String MUG = "MUG";
    static final String CAKE = "CAKE";
    /** At 16 %, a rate the fiscal record has no key for: only a till without a security device sells it. */
    static final String OLD = "OLD";

    final Path dir;
    final FakeClock clock;
    final Journal journal;
    final Events events;
    final Catalogs catalogs;
    final Staff staff;
    final Sales sales;
    final Shifts shifts;
    final Refunds refunds;
    final GiftCards giftCards;
    final StaffMember anna;
    final StaffMember maria;
    final SimulatedTse tse;
    final FiscalRecorder recorder;

    FiscalTill(Path dir, FakeClock clock) {
        this(dir, clock, true);
    }

    /** @param signing false for a till without a security device (nothing is signed, {@link #sign} finds nothing) */
    FiscalTill(Path dir, FakeClock clock, boolean signing) {
        this.dir = dir;
        this.clock = clock;
        journal = Journal.open(dir, clock, Agent.projections());
        events = new Events(clock);
        catalogs = Catalogs.open(journal, "EUR");
        if (catalogs.current().size() == 0) {
            catalogs.load(CatalogFile.read(catalogFile(dir)), "test catalog", "EUR");
        }
        staff = new Staff(journal, StaffDirectory.demo(), clock);
        Approvals approvals = new Approvals(ApprovalPolicy.none(), staff, journal, events, clock);
        Fiscalization fiscal = Fiscalization.of(signing);
        CardTerminal terminal = new ApprovingTerminal();
        sales = new Sales(journal, catalogs, new SaleSettings("EUR", 0, false), events,
                new SaleTill(new ExchangeRates(Map.of("USD", new BigDecimal("0.92"))), LoyaltyRule.defaults(), fiscal),
                new CardPayments(journal, () -> Optional.of(terminal), events, clock, "EUR"), approvals);
        shifts = new Shifts(journal, ShiftSettings.defaults(), approvals, events, clock, "EUR", why -> { },
                sku -> "none", Printouts.none(), fiscal);
        refunds = new Refunds(journal, approvals, new CardRefunds(journal, () -> Optional.of(terminal), events, clock,
                "EUR"), new Refunds.Rules(BERLIN, "EUR", clock, why -> { }, Refunds.Slips.NONE, fiscal));
        giftCards = new GiftCards(journal, clock, "EUR", why -> { }, fiscal);
        anna = staff.directory().find("anna").orElseThrow();
        maria = staff.directory().find("maria").orElseThrow();
        tse = SimulatedTse.open(dir.resolve("tse-sim"), clock);
        recorder = new FiscalRecorder(journal, tse, Fiscal.clientId(journal.deviceId()), clock, Duration.ofMillis(1),
                () -> { });
    }

    /** Signs every pending fiscal document (or marks it failed), as the recorder's thread does. */
    void sign() {
        while (recorder.recordBatch()) {
            // the next batch
        }
    }

    SaleView sell(SaleRequest request) {
        return sales.complete(request, UUID.randomUUID().toString(), new Cashier(anna.actor(), anna.id(), anna.name()),
                "test").sale();
    }

    static SaleRequest.Line line(String sku, long qty) {
        return new SaleRequest.Line(sku, null, qty);
    }

    /** The total the till will charge for these lines (to pay a card sale exactly). */
    long total(List<SaleRequest.Line> lines) {
        return sales.quote(lines, null).total();
    }

    Optional<FiscalRecord> record(String document) {
        return Fiscal.find(journal, document);
    }

    @Override
    public void close() {
        recorder.close();
        tse.close();
        journal.close();
        events.close();
    }

    private static Path catalogFile(Path dir) {
        String json = """
                {"version": 1, "currency": "EUR",
                 "taxRates": [{"code": "STD", "name": "Standard 19%", "basisPoints": 1900},
                              {"code": "RED", "name": "Reduced 7%", "basisPoints": 700},
                              {"code": "OLD", "name": "Former 16%", "basisPoints": 1600}],
                 "categories": [{"id": "shop", "name": "Shop", "parent": null}],
                 "products": [
                   {"id": "beans", "name": "Bohnen \\"Napoli\\"; kräftig", "category": "shop", "taxRate": "RED",
                    "taxInclusive": true, "variants": [{"sku": "BEANS-250", "name": "250 g", "price": 699, "stock": 500}]},
                   {"id": "mug", "name": "Tasse", "category": "shop", "taxRate": "STD", "taxInclusive": true,
                    "variants": [{"sku": "MUG", "name": "weiß", "price": 1190, "stock": 500}]},
                   {"id": "cake", "name": "Torte", "category": "shop", "taxRate": "STD", "taxInclusive": false,
                    "variants": [{"sku": "CAKE", "name": "ganz", "price": 1000, "stock": 500}]},
                   {"id": "old", "name": "Altbestand", "category": "shop", "taxRate": "OLD", "taxInclusive": true,
                    "variants": [{"sku": "OLD", "name": "16 %", "price": 1160, "stock": 500}]}],
                 "promotions": []}
                """;
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("catalog.json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A card terminal that approves every payment and refund. */
    static final class ApprovingTerminal implements CardTerminal {
        private int receipt;

        @Override
        public synchronized void register(String currency) {
        }

        @Override
        public synchronized CardOutcome authorize(long amount, String currency, Consumer<String> prompts) {
            return approved(amount);
        }

        @Override
        public synchronized CardOutcome reverse(String receiptNo, Consumer<String> prompts) {
            return approved(0);
        }

        @Override
        public synchronized CardOutcome refund(long amount, String currency, Consumer<String> prompts) {
            return approved(amount);
        }

        @Override
        public CardOutcome endOfDay(Consumer<String> prompts) {
            return new CardOutcome.Aborted("no end of day here", List.of());
        }

        @Override
        public void abort() {
        }

        @Override
        public String uri() {
            return "test:approving";
        }

        @Override
        public DeviceState state() {
            return DeviceState.online();
        }

        @Override
        public void onEvent(Consumer<DeviceEvent> listener) {
        }

        @Override
        public void close() {
        }

        private CardOutcome approved(long amount) {
            receipt++;
            return new CardOutcome.Approved(amount, String.valueOf(receipt), String.format("%04d", receipt),
                    "############1234", "girocard", "T1", "2026-03-02T10:00:00Z", List.of("Kartenzahlung", "genehmigt"));
        }
    }
}

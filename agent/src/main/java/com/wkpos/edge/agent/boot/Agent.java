package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.api.AgentInfo;
import com.wkpos.edge.agent.api.BackOfficeApi;
import com.wkpos.edge.agent.backoffice.BackOffice;
import com.wkpos.edge.agent.backoffice.BackOfficeReports;
import com.wkpos.edge.agent.api.ApiModule;
import com.wkpos.edge.agent.api.LanApi;
import com.wkpos.edge.agent.api.LicenseApi;
import com.wkpos.edge.agent.api.PairingApi;
import com.wkpos.edge.agent.api.PosScreen;
import com.wkpos.edge.agent.api.StockApi;
import com.wkpos.edge.agent.api.SupplyApi;
import com.wkpos.edge.agent.api.SyncModule;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.customer.CustomerProfiles;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.device.DriverOpener;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.fiscal.Fiscal;
import com.wkpos.edge.agent.fiscal.FiscalRecorder;
import com.wkpos.edge.agent.fiscal.Fiscalization;
import com.wkpos.edge.agent.print.ReceiptFacts;
import com.wkpos.edge.drivers.api.FiscalSigner;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.license.Licensing;
import com.wkpos.edge.agent.mdns.Advertiser;
import com.wkpos.edge.agent.pairing.Pairing;
import com.wkpos.edge.agent.payment.CardPayments;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.payment.ExchangeRates;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.print.Documents;
import com.wkpos.edge.agent.print.PrintQueue;
import com.wkpos.edge.agent.print.PrintWorker;
import com.wkpos.edge.agent.provisioning.HttpEnroller;
import com.wkpos.edge.agent.provisioning.InstalledConfig;
import com.wkpos.edge.agent.provisioning.ProvisionedSync;
import com.wkpos.edge.agent.provisioning.Provisioner;
import com.wkpos.edge.agent.provisioning.UsbKeyWatcher;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.sale.ParkedSales;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.shift.Shifts;
import com.wkpos.edge.agent.staff.Staff;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.agent.stock.Stock;
import com.wkpos.edge.agent.stock.StockMoves;
import com.wkpos.edge.agent.stock.StockReservations;
import com.wkpos.edge.agent.supply.PurchaseOrders;
import com.wkpos.edge.agent.supply.SupplyInbox;
import com.wkpos.edge.agent.supply.Transfers;
import com.wkpos.edge.agent.sync.CustomerMerge;
import com.wkpos.edge.agent.sync.CustomerSection;
import com.wkpos.edge.agent.sync.JournaledSection;
import com.wkpos.edge.agent.sync.SyncClient;
import com.wkpos.edge.agent.tls.BoxCertificate;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.provisioning.crypto.KeySet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/** The composition root: builds the branch service from its configuration, top to bottom, by hand. */
public final class Agent implements AutoCloseable {
    private final Journal journal;
    private final Events events;
    private final Sales sales;
    private final Catalogs catalogs;
    private final DriverOpener drivers;
    private final DeviceManager devices;
    private final PrintQueue printQueue;
    private final List<AutoCloseable> running;
    private final LanApi api;
    private final Licensing licensing;
    private final AtomicReference<SyncClient> sync;
    private final Pairing pairing;
    private final BoxCertificate certificate;
    private final boolean tls;
    private final Shifts shifts;

    private Agent(Shifts shifts, Journal journal, Events events, Catalogs catalogs, Sales sales, DriverOpener drivers,
                  DeviceManager devices, PrintQueue printQueue, List<AutoCloseable> running, LanApi api,
                  Licensing licensing, AtomicReference<SyncClient> sync, Pairing pairing, BoxCertificate certificate,
                  boolean tls) {
        this.journal = journal;
        this.events = events;
        this.catalogs = catalogs;
        this.sales = sales;
        this.drivers = drivers;
        this.devices = devices;
        this.printQueue = printQueue;
        this.running = running;
        this.api = api;
        this.licensing = licensing;
        this.sync = sync;
        this.pairing = pairing;
        this.certificate = certificate;
        this.tls = tls;
        this.shifts = shifts;
    }

    /** Every journal entry type and projection table of the agent. */
    public static Projections projections() {
        Projections.Builder b = Projections.builder();
        Catalogs.register(b);
        Stock.register(b);
        StockMoves.register(b);
        StockReservations.register(b);
        com.wkpos.edge.agent.stock.SerialUnits.register(b);
        com.wkpos.edge.agent.stock.StockAlerts.register(b);
        Ledger.register(b);
        Sales.register(b);
        PrintQueue.register(b);
        Licensing.register(b);
        Provisioner.register(b);
        Staff.register(b);
        Shifts.register(b);
        Approvals.register(b);
        CardPayments.register(b);
        CardRefunds.register(b);
        Refunds.register(b);
        ParkedSales.register(b);
        GiftCards.register(b);
        Customers.register(b);
        Pairing.register(b);
        JournaledSection.register(b);
        Fiscal.register(b);
        BackOffice.register(b);
        Transfers.register(b);
        PurchaseOrders.register(b);
        SupplyInbox.register(b);
        com.wkpos.edge.agent.supply.OnlineOrders.register(b);
        return b.build();
    }

    public static JournalVerifier verifier() {
        List<JournalVerifier.Check> checks = new ArrayList<>();
        checks.add(Ledger.balanceCheck());
        checks.addAll(Sales.checks());
        checks.add(Ledger.trialBalanceCheck());
        checks.addAll(Shifts.checks());
        checks.add(GiftCards.check());
        checks.add(Customers.check());
        checks.add(Fiscal.check());
        checks.add(BackOffice.check());
        return new JournalVerifier(projections(), checks);
    }

    public static Agent start(AgentConfig config, Clock clock) {
        return start(config, clock, System::nanoTime);
    }

    /** @param monotonicNanos the monotonic clock trusted time advances with (tests drive it) */
    public static Agent start(AgentConfig config, Clock clock, LongSupplier monotonicNanos) {
        // the installed (USB-key) configuration's devices fill the roles the local configuration leaves unset
        Map<String, String> local = config.devices();
        return open(config.withDevices(ProvisionedSwitch.devices(local,
                new InstalledConfig(config.stateDir()).current())), local, clock, monotonicNanos);
    }

    private static Agent open(AgentConfig config, Map<String, String> localDevices, Clock clock,
                              LongSupplier monotonicNanos) {
        AgentLock lock = AgentLock.acquire(config.stateDir());
        Journal journal;
        try {
            journal = Journal.open(config.stateDir(), clock, projections());
        } catch (RuntimeException e) {
            Wiring.closeAll(List.of(lock));
            throw e;
        }
        Events events = new Events(clock);
        List<AutoCloseable> running = new ArrayList<>();
        running.add(events);
        running.add(journal);
        running.add(lock);
        try {
            Catalogs catalogs = catalogs(config, journal);
            DriverOpener drivers = new DriverOpener(config.stateDir().resolve("sim-printer"));
            running.addFirst(drivers);
            DeviceManager devices = new DeviceManager(config.devices(), drivers, events, clock);
            running.addFirst(devices);
            Consumer<String> drawerKick = Wiring.drawerKicks(devices, running);
            TillParts till = TillParts.build(config, journal, events, clock, catalogs, devices, drawerKick);
            PrintQueue printQueue = new PrintQueue(journal);
            Runnable wakePrinter = printing(config, journal, catalogs, till, devices, printQueue, events, running);
            fiscalRecording(config, journal, clock, till.fiscal(), wakePrinter, running);
            if (config.devices().containsKey("drawer")) {
                till.sales().addHook(Wiring.openDrawerOnCash(drawerKick));
            }
            devices.start(Duration.ofSeconds(1));
            InstalledConfig provisioned = new InstalledConfig(config.stateDir());
            Optional<InstalledConfig.Installed> installed = config.sync().isPresent() ? Optional.empty()
                    : provisioned.current();
            Licensing licensing = Licensing.open(config.stateDir(), ProvisionedSwitch.license(config.license(), installed),
                    journal, events, clock, monotonicNanos);
            running.addFirst(licensing::persist);
            // re-verified and trusted time persisted once a minute; clock jumps are seen then
            running.addFirst(Wiring.every("license", Duration.ofMinutes(1), licensing::check));
            till.cards().recover();
            till.refunds().recover();
            Pairing pairing = new Pairing(journal, config.stateDir(), clock);
            // codes issued from a shell are journaled within seconds, not only when a screen tries one
            running.addFirst(Wiring.every("pairing", Duration.ofSeconds(2), pairing::collect));
            BoxCertificate certificate = BoxCertificate.loadOrCreate(config.stateDir(), journal.deviceId(), clock);
            PairingApi pairingApi = new PairingApi(pairing, new PairingApi.BoxIdentity(journal.deviceId(),
                    config.branchName(), certificate.fingerprint(), config.lan().tls(), config.till().rules().shifts().zone()),
                    config.lan().allowedOrigins(),
                    Wiring.slips(config, devices));
            // authentication first: the license gate and staff sessions only ever see paired screens
            List<ApiModule> modules = new ArrayList<>(List.of(pairingApi, new LicenseApi(licensing), till.api(),
                    PosScreen.pos(), PosScreen.backOffice()));
            var sync = new AtomicReference<SyncClient>();
            java.time.ZoneId zone = config.till().rules().shifts().zone();
            modules.add(new StockApi(new StockMoves(journal, clock, events, till.approvals(), catalogs),
                    new StockReservations(journal, clock)));
            java.util.function.Predicate<String> serialized = sku -> catalogs.current().bySku(sku)
                    .map(com.wkpos.edge.agent.catalog.Item::serialized).orElse(false);
            modules.add(new SupplyApi(new Transfers(journal, clock, events,
                    () -> Optional.ofNullable(sync.get()).map(SyncClient::branch), serialized),
                    new PurchaseOrders(journal, clock, events, serialized)));
            modules.add(new com.wkpos.edge.agent.api.OrdersApi(new com.wkpos.edge.agent.supply.OnlineOrders(journal,
                    clock, events, serialized)));
            modules.add(new BackOfficeApi(new BackOffice(journal, clock, zone, config.sale().currency()),
                    new BackOfficeReports(journal, clock, zone, config.sale().currency(), () -> Optional.ofNullable(
                            sync.get()).map(s -> java.util.OptionalLong.of(s.ackedSeq()))
                            .orElse(java.util.OptionalLong.empty()))));
            ProvisionedSwitch.SyncStarter syncs = syncStarter(journal, clock, catalogs, config.sale().currency(), devices,
                    licensing, downstreamSections(journal, clock, till.staff(), till.sales()), new SupplyInbox(journal, clock, events));
            running.addFirst(() -> Optional.ofNullable(sync.getAndSet(null)).ifPresent(SyncClient::close));
            config.sync().or(() -> installed.map(ProvisionedSync::settings)).ifPresent(settings -> sync.set(
                    syncs.start(settings, installed.map(ProvisionedSync::tls).orElse(null))));
            Optional<KeySet> provisioningKeys = Wiring.provisioningKeys(config);
            if (sync.get() != null || provisioningKeys.isPresent()) {
                modules.add(new SyncModule(() -> Optional.ofNullable(sync.get())));
            }
            AgentInfo info = new AgentInfo(version(), clock.instant(), config.branchName(),
                    config.till().rules().shifts().zone());
            LanApi api = new LanApi(info, journal, catalogs, till.sales(), events, clock, devices, printQueue, modules)
                    .start(config.listenHost(), config.listenPort(), config.lan().tls() ? certificate.serverContext() : null);
            running.addFirst(api);
            ProvisionedSwitch onInstalled = new ProvisionedSwitch(sync, config.sync().isPresent(), syncs, licensing, pairing,
                    Wiring.slips(config, devices), certificate.fingerprint(),
                    new ProvisionedSwitch.Lan(config.listenHost(), api::port, config.lan().tls()),
                    new ProvisionedSwitch.Devices(localDevices, config.devices()));
            provisioningKeys.ifPresent(keys -> running.addFirst(UsbKeyWatcher.standard(config.stateDir(),
                    config.provisioning().folders(), new Provisioner(journal, clock, keys, provisioned,
                    new HttpEnroller(), onInstalled, step -> { })).start(Duration.ofSeconds(2))));
            if (config.lan().mdns()) {
                running.addFirst(Advertiser.start(config.listenHost(), new Advertiser.Announcement(config.branchName(),
                        journal.deviceId(), certificate.fingerprint(), config.lan().tls(), api.port())));
            }
            Logger.info("agent {} up: device {}, journal seq {}, catalog version {} ({} items)", version(),
                    journal.deviceId(), journal.head().seq(), catalogs.current().version(), catalogs.current().size());
            return new Agent(till.shifts(), journal, events, catalogs, till.sales(), drivers, devices, printQueue, running, api,
                    licensing, sync, pairing, certificate, config.lan().tls());
        } catch (RuntimeException e) {
            Wiring.closeAll(running);
            throw e;
        }
    }

    private static Catalogs catalogs(AgentConfig config, Journal journal) {
        String currency = config.sale().currency();
        Catalogs catalogs = Catalogs.open(journal, currency);
        if (config.catalog().isPresent()) {
            catalogs.load(CatalogFile.read(config.catalog().get()), config.catalog().get().toString(), currency);
        } else if (config.demoCatalog() && catalogs.current().size() == 0) {
            catalogs.load(CatalogFile.demo(), "demo catalog", currency);
        }
        return catalogs;
    }

    /**
     * With a receipt printer: sale receipts, reports and slips go through the journaled queue's worker; a
     * document waits for its fiscal signature.
     *
     * @return wakes the worker (nothing without a printer)
     */
    private static Runnable printing(AgentConfig config, Journal journal, Catalogs catalogs, TillParts till,
                                     DeviceManager devices, PrintQueue printQueue, Events events,
                                     List<AutoCloseable> running) {
        if (!till.printouts().enabled()) {
            return () -> { };
        }
        ReceiptFacts facts = new ReceiptFacts(config.receiptHeader(), config.till().rules().shifts().zone(),
                Fiscal.clientId(journal.deviceId()),
                id -> catalogs.current().promotionName(id), Wiring.names(till.staff()),
                document -> Fiscal.find(journal, document));
        PrintWorker worker = new PrintWorker(printQueue, devices::printer, new Documents(till.sales()::find,
                till.shifts()::zReport, till.refunds()::find, facts, id -> catalogs.current().categoryName(id),
                Wiring.layout(config.devices().get("printer")), config.sale().currency()), events, Duration.ofSeconds(2),
                job -> Documents.fiscalDocument(job).map(d -> Fiscal.settled(journal, d)).orElse(true));
        running.addFirst(worker.start());
        till.sales().addHook(Wiring.printEverySale(worker));
        till.printouts().wakeWith(worker::wake);
        devices.onChange(worker::wake);
        return worker::wake;
    }

    /** With a security device: every fiscal document is signed after its entry committed, in journal order. */
    private static void fiscalRecording(AgentConfig config, Journal journal, Clock clock, Fiscalization fiscal,
                                        Runnable wakePrinter, List<AutoCloseable> running) {
        if (!fiscal.enabled()) {
            return;
        }
        FiscalSigner signer = Wiring.fiscalSigner(config, clock);
        running.addFirst(signer);
        FiscalRecorder recorder = new FiscalRecorder(journal, signer, Fiscal.clientId(journal.deviceId()), clock,
                Duration.ofMillis(500), wakePrinter).start();
        running.addFirst(recorder);
        fiscal.wakeWith(recorder::wake);
        recorder.wake();
    }

    /** Builds and starts a sync client: at start-up from the configuration, or after a USB-key swap with mTLS. */
    private static ProvisionedSwitch.SyncStarter syncStarter(Journal journal, Clock clock, Catalogs catalogs,
                                                             String currency, DeviceManager devices, Licensing licensing,
                                                             List<JournaledSection<?>> sections,
                                                             SupplyInbox supply) {
        sections.forEach(JournaledSection::restore);
        return (settings, tls) -> {
            SyncClient c = SyncClient.create(settings, journal, catalogs, currency, clock,
                    () -> Wiring.salesCount(journal), () -> Wiring.deviceStatus(devices));
            if (tls != null) {
                c.tls(tls);
            }
            sections.forEach(c::register);
            c.supply(supply);
            c.register(new CustomerSection(new CustomerMerge(new CustomerProfiles(journal, clock), journal.hlc())));
            if (licensing.keysPinned()) {
                c.licenseRenewal(licensing::renewalRequest, reply -> Logger.debug("license renewal over MQTT: {}",
                        licensing.acceptReply(reply)));
            }
            return c.start();
        };
    }

    /**
     * Parts of HQ's signed downstream data other capabilities apply (HQ sends {@code exchangeRates} and
     * {@code users} for the till); the catalog and prices go to {@link Catalogs} inside sync.
     */
    private static List<JournaledSection<?>> downstreamSections(Journal journal, Clock clock, Staff staff, Sales sales) {
        return List.of(
                new JournaledSection<>(Downstream.USERS, journal, clock, v -> StaffDirectory.fromHq(0, v),
                        (version, d) -> staff.adopt(new StaffDirectory(version, d.users()))),
                new JournaledSection<>(Downstream.EXCHANGE_RATES, journal, clock, ExchangeRates::fromHq,
                        (version, rates) -> sales.exchangeRates(rates)));
    }

    public static String version() {
        String v = Agent.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The sync client, when this branch syncs with HQ. */
    public java.util.Optional<SyncClient> sync() {
        return java.util.Optional.ofNullable(sync.get());
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

    /** Shifts and the drawer: a sale needs an open shift. */
    public Shifts shifts() {
        return shifts;
    }

    public Catalogs catalogs() {
        return catalogs;
    }

    public Events events() {
        return events;
    }

    public DeviceManager devices() {
        return devices;
    }

    public DriverOpener drivers() {
        return drivers;
    }

    public Licensing licensing() {
        return licensing;
    }

    public PrintQueue printQueue() {
        return printQueue;
    }

    public Pairing pairing() {
        return pairing;
    }

    public BoxCertificate certificate() {
        return certificate;
    }

    /** The LAN API's base URL as reached on this machine, e.g. {@code https://127.0.0.1:8080/}. */
    public String url(String host) {
        return (tls ? "https" : "http") + "://" + host + ":" + port() + "/";
    }

    /** Stops taking requests and devices, lets the journal writer finish what it has, closes the database. */
    @Override
    public void close() {
        Wiring.closeAll(running);
    }
}

package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.api.AgentInfo;
import com.wkpos.edge.agent.api.ApiModule;
import com.wkpos.edge.agent.api.SyncModule;
import com.wkpos.edge.agent.api.LanApi;
import com.wkpos.edge.agent.api.LicenseApi;
import com.wkpos.edge.agent.api.PairingApi;
import com.wkpos.edge.agent.mdns.Advertiser;
import com.wkpos.edge.agent.pairing.Pairing;
import com.wkpos.edge.agent.tls.BoxCertificate;
import com.wkpos.edge.agent.api.TillApi;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.payment.CardPayments;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.agent.refund.Refunds;
import com.wkpos.edge.agent.payment.GiftCards;
import com.wkpos.edge.agent.sale.SaleTill;
import com.wkpos.edge.agent.shift.Shifts;
import com.wkpos.edge.agent.staff.Staff;
import java.util.function.Consumer;
import com.wkpos.edge.agent.catalog.CatalogFile;
import com.wkpos.edge.agent.catalog.Catalogs;
import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.device.DriverOpener;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.ledger.Ledger;
import com.wkpos.edge.agent.license.Licensing;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.agent.print.PrintQueue;
import com.wkpos.edge.agent.print.PrintWorker;
import com.wkpos.edge.agent.print.Documents;
import com.wkpos.edge.agent.print.Printouts;
import com.wkpos.edge.agent.sale.SaleHook;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.agent.sale.ParkedSales;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.stock.Stock;
import com.wkpos.edge.agent.customer.CustomerProfiles;
import com.wkpos.edge.agent.sync.CustomerMerge;
import com.wkpos.edge.agent.sync.CustomerSection;
import com.wkpos.edge.agent.sync.JournaledSection;
import com.wkpos.edge.agent.payment.ExchangeRates;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.agent.sync.SyncClient;
import com.wkpos.edge.agent.sync.SyncSettings;
import com.wkpos.edge.agent.provisioning.HttpEnroller;
import com.wkpos.edge.agent.provisioning.InstalledConfig;
import com.wkpos.edge.agent.provisioning.ProvisionedSync;
import com.wkpos.edge.agent.provisioning.Provisioner;
import com.wkpos.edge.agent.provisioning.UsbKeyWatcher;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private final java.util.concurrent.atomic.AtomicReference<SyncClient> sync;
    private final Pairing pairing;
    private final BoxCertificate certificate;
    private final boolean tls;

    private Agent(Journal journal, Events events, Catalogs catalogs, Sales sales, DriverOpener drivers,
                  DeviceManager devices, PrintQueue printQueue, List<AutoCloseable> running, LanApi api,
                  Licensing licensing, java.util.concurrent.atomic.AtomicReference<SyncClient> sync, Pairing pairing, BoxCertificate certificate, boolean tls) {
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
    }

    /** Every journal entry type and projection table of the agent. */
    public static Projections projections() {
        Projections.Builder b = Projections.builder();
        Catalogs.register(b);
        Stock.register(b);
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
        return new JournalVerifier(projections(), checks);
    }

    public static Agent start(AgentConfig config, Clock clock) {
        return start(config, clock, System::nanoTime);
    }

    /** @param monotonicNanos the monotonic clock trusted time advances with (tests drive it) */
    public static Agent start(AgentConfig config, Clock clock, LongSupplier monotonicNanos) {
        AgentLock lock = AgentLock.acquire(config.stateDir());
        Journal journal;
        try {
            journal = Journal.open(config.stateDir(), clock, projections());
        } catch (RuntimeException e) {
            closeAll(List.of(lock));
            throw e;
        }
        Events events = new Events(clock);
        List<AutoCloseable> running = new ArrayList<>();
        running.add(events);
        running.add(journal);
        running.add(lock);
        try {
            String currency = config.sale().currency();
            Catalogs catalogs = Catalogs.open(journal, currency);
            if (config.catalog().isPresent()) {
                catalogs.load(CatalogFile.read(config.catalog().get()), config.catalog().get().toString(), currency);
            } else if (config.demoCatalog() && catalogs.current().size() == 0) {
                catalogs.load(CatalogFile.demo(), "demo catalog", currency);
            }
            DriverOpener drivers = new DriverOpener(config.stateDir().resolve("sim-printer"));
            running.addFirst(drivers);
            DeviceManager devices = new DeviceManager(config.devices(), drivers, events, clock);
            running.addFirst(devices);
            ExecutorService kicks = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("drawer").daemon(true)
                    .factory());
            running.addFirst(kicks::shutdownNow);
            Consumer<String> drawerKick = why -> kicks.execute(() -> kick(devices, why));
            TillConfig.Rules rules = config.till().rules();
            Staff staff = new Staff(journal, config.till().staff(), clock);
            Approvals approvals = new Approvals(rules.approvals(), staff, journal, events, clock);
            CardPayments cards = new CardPayments(journal, devices::terminal, events, clock, currency);
            ParkedSales parked = new ParkedSales(journal, events, clock);
            Sales sales = new Sales(journal, catalogs, config.sale(), events, new SaleTill(
                    rules.shifts().requireOpenShift(), rules.rates(), rules.loyalty()), cards, approvals, parked);
            Printouts printouts = Printouts.to(config.devices().containsKey("printer"));
            Shifts shifts = new Shifts(journal, rules.shifts(), approvals, events, clock, currency, drawerKick,
                    sku -> catalogs.current().bySku(sku).map(i -> i.categories().isEmpty() ? "none"
                            : i.categories().getFirst()).orElse("unknown"), printouts);
            Refunds refunds = new Refunds(journal, approvals, new CardRefunds(journal, devices::terminal, events, clock,
                    currency), new Refunds.Rules(rules.shifts().zone(), currency, clock, drawerKick,
                    (tx, refundId, actor) -> printouts.queue(tx, PrintJob.Document.REFUND, refundId, null,
                            PrintJob.Kind.ORIGINAL, actor)));
            TillApi till = new TillApi(staff, shifts, approvals, new GiftCards(journal, clock, currency, drawerKick),
                    new Customers(journal, clock, rules.loyalty(), currency), journal, refunds, parked);
            PrintQueue printQueue = new PrintQueue(journal);
            if (printouts.enabled()) {
                PrintWorker worker = new PrintWorker(printQueue, devices::printer, new Documents(sales::find,
                        shifts::zReport, refunds::find, config.receiptHeader(), layout(config.devices().get("printer")),
                        currency), events, Duration.ofSeconds(2));
                running.addFirst(worker.start());
                sales.addHook(printEverySale(worker));
                printouts.wakeWith(worker::wake);
                devices.onChange(worker::wake);
            }
            if (config.devices().containsKey("drawer")) {
                sales.addHook(openDrawerOnCash(drawerKick));
            }
            devices.start(Duration.ofSeconds(1));
            InstalledConfig provisioned = new InstalledConfig(config.stateDir());
            Optional<InstalledConfig.Installed> installed = config.sync().isPresent() ? Optional.empty()
                    : provisioned.current();
            Licensing licensing = Licensing.open(config.stateDir(), ProvisionedSwitch.license(config.license(), installed),
                    journal, events, clock, monotonicNanos);
            running.addFirst(licensing::persist);
            running.addFirst(checkPeriodically(licensing));
            cards.recover();
            AgentInfo info = new AgentInfo(version(), clock.instant(), config.branchName());
            Pairing pairing = new Pairing(journal, config.stateDir(), clock);
            running.addFirst(collectCodes(pairing));
            BoxCertificate certificate = BoxCertificate.loadOrCreate(config.stateDir(), journal.deviceId(), clock);
            PairingApi pairingApi = new PairingApi(pairing, new PairingApi.BoxIdentity(journal.deviceId(),
                    config.branchName(), certificate.fingerprint(), config.lan().tls()), config.lan().allowedOrigins(),
                    config.devices().containsKey("printer") ? slips(devices, layout(config.devices().get("printer"))) : null);
            // authentication first: the license gate and staff sessions only ever see paired screens
            List<ApiModule> modules = new ArrayList<>(List.of(pairingApi, new LicenseApi(licensing), till));
            List<JournaledSection<?>> sections = downstreamSections(journal, clock, staff, sales);
            sections.forEach(JournaledSection::restore);
            var sync = new java.util.concurrent.atomic.AtomicReference<SyncClient>();
            ProvisionedSwitch.SyncStarter syncs = (settings, tls) -> {
                SyncClient c = SyncClient.create(settings, journal, catalogs, currency, clock, () -> salesCount(journal),
                        () -> deviceStatus(devices));
                if (tls != null) {
                    c.tls(tls);
                }
                sections.forEach(c::register);
                c.register(new CustomerSection(new CustomerMerge(new CustomerProfiles(journal, clock), journal.hlc())));
                if (licensing.keysPinned()) {
                    c.licenseRenewal(licensing::renewalRequest, reply -> Logger.debug("license renewal over MQTT: {}",
                            licensing.acceptReply(reply)));
                }
                return c.start();
            };
            running.addFirst(() -> Optional.ofNullable(sync.getAndSet(null)).ifPresent(SyncClient::close));
            config.sync().or(() -> installed.map(ProvisionedSync::settings)).ifPresent(settings -> sync.set(
                    syncs.start(settings, installed.map(ProvisionedSync::tls).orElse(null))));
            Optional<KeySet> provisioningKeys = provisioningKeys(config);
            if (sync.get() != null || provisioningKeys.isPresent()) {
                modules.add(new SyncModule(() -> Optional.ofNullable(sync.get())));
            }
            LanApi api = new LanApi(info, journal, catalogs, sales, events, clock, devices, printQueue, modules)
                    .start(config.listenHost(), config.listenPort(), config.lan().tls() ? certificate.serverContext() : null);
            running.addFirst(api);
            ProvisionedSwitch onInstalled = new ProvisionedSwitch(sync, config.sync().isPresent(), syncs, licensing, pairing,
                    config.devices().containsKey("printer") ? slips(devices, layout(config.devices().get("printer"))) : null,
                    certificate.fingerprint(), new ProvisionedSwitch.Lan(config.listenHost(), api::port, config.lan().tls()));
            provisioningKeys.ifPresent(keys -> running.addFirst(UsbKeyWatcher.standard(config.stateDir(),
                    config.provisioning().folders(), new Provisioner(journal, clock, keys, provisioned,
                    new HttpEnroller(), onInstalled, step -> { })).start(Duration.ofSeconds(2))));
            if (config.lan().mdns()) {
                running.addFirst(Advertiser.start(config.listenHost(), new Advertiser.Announcement(config.branchName(),
                        journal.deviceId(), certificate.fingerprint(), config.lan().tls(), api.port())));
            }
            Logger.info("agent {} up: device {}, journal seq {}, catalog version {} ({} items)", version(),
                    journal.deviceId(), journal.head().seq(), catalogs.current().version(), catalogs.current().size());
            return new Agent(journal, events, catalogs, sales, drivers, devices, printQueue, running, api, licensing,
                    sync, pairing, certificate, config.lan().tls());
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    /** The pinned provisioning keys; none configured or an empty set (a package built without them) keeps USB keys off. */
    private static Optional<KeySet> provisioningKeys(AgentConfig config) {
        if (config.provisioning().keys().isEmpty()) {
            Logger.info("USB-key provisioning off: no provisioning.keys configured");
            return Optional.empty();
        }
        KeySet keys = KeySet.read(config.provisioning().keys().get());
        if (keys.isEmpty()) {
            Logger.warn("USB-key provisioning off: {} pins no provisioning key (this build shipped without the vendor's"
                    + " keys); put them there and restart to provision from a USB key", config.provisioning().keys().get());
            return Optional.empty();
        }
        return Optional.of(keys);
    }

    /** The license is re-verified and trusted time persisted once a minute; clock jumps are seen then. */
    private static AutoCloseable checkPeriodically(Licensing licensing) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("license").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                licensing.check();
            } catch (RuntimeException e) {
                Logger.error(e, "license check failed");
            }
        }, 1, 1, TimeUnit.MINUTES);
        return scheduler::shutdownNow;
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

    private static long salesCount(Journal journal) {
        return journal.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM sales"); var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private static java.util.Map<String, String> deviceStatus(DeviceManager devices) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        devices.states().forEach((role, st) -> out.put(role, String.valueOf(st.get("status"))));
        return out;
    }

    /** Code slips go straight to the printer: the journaled queue would have to keep the code to reprint it. */
    private static PairingApi.SlipPrinter slips(DeviceManager devices, ReceiptLayout layout) {
        return (before, big, after) -> devices.printer().orElseThrow(() -> new DeviceException("printer not available",
                new DeviceState(DeviceState.Status.OFFLINE, "see the status page"))).print(
                layout.renderSlip(before, big, after));
    }

    /** Codes issued from a shell are journaled within seconds, not only when a screen tries one. */
    private static AutoCloseable collectCodes(Pairing pairing) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("pairing").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                pairing.collect();
            } catch (RuntimeException e) {
                Logger.error(e, "taking pairing codes failed");
            }
        }, 2, 2, TimeUnit.SECONDS);
        return scheduler::shutdownNow;
    }

    /** Every new sale queues its receipt in its own transaction; the worker prints it after the commit. */
    private static SaleHook printEverySale(PrintWorker worker) {
        return new SaleHook() {
            @Override
            public void inTransaction(com.wkpos.edge.agent.journal.JournalTransaction tx, SaleView sale) {
                PrintQueue.enqueue(tx, sale.id(), PrintJob.Kind.ORIGINAL, "sale");
            }

            @Override
            public void committed(SaleView sale) {
                worker.wake();
            }
        };
    }

    /** The drawer opens for a sale paid (partly) in cash, off the journal writer thread. */
    private static SaleHook openDrawerOnCash(Consumer<String> drawerKick) {
        return new SaleHook() {
            @Override
            public void committed(SaleView sale) {
                if (sale.payments().stream().anyMatch(p -> p.method().equals("CASH"))) {
                    drawerKick.accept("sale " + sale.invoiceNo());
                }
            }
        };
    }

    private static void kick(DeviceManager devices, String why) {
        devices.drawer().ifPresentOrElse(drawer -> {
            try {
                drawer.open();
            } catch (DeviceException e) {
                Logger.warn("drawer did not open ({}): {}", why, e.getMessage());
            }
        }, () -> Logger.warn("drawer not available to open ({})", why));
    }

    private static ReceiptLayout layout(String printerUri) {
        try {
            return ReceiptLayout.forPrinter(DeviceUri.parse(printerUri));
        } catch (IllegalArgumentException e) {
            return ReceiptLayout.of(48, "CP858");
        }
    }

    private static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                Logger.warn("closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
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
        closeAll(running);
    }
}

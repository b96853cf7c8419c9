package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.api.PairingApi;
import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalTransaction;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.agent.print.PrintQueue;
import com.wkpos.edge.agent.print.PrintWorker;
import com.wkpos.edge.agent.sale.SaleHook;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import com.wkpos.edge.provisioning.crypto.KeySet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/** The small adapters the composition root plugs between capabilities: hooks, schedules, device glue. */
final class Wiring {
    private Wiring() {
    }

    /** Runs {@code work} every {@code period} on a daemon thread of its own; a failed round is logged, not fatal. */
    static AutoCloseable every(String name, Duration period, Runnable work) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name).daemon(true).factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                Logger.error(e, "{} round failed", name);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return scheduler::shutdownNow;
    }

    /** Drawer openings, off the caller's thread (never the journal writer's); the executor joins {@code running}. */
    static Consumer<String> drawerKicks(DeviceManager devices, List<AutoCloseable> running) {
        ExecutorService kicks = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("drawer").daemon(true)
                .factory());
        running.addFirst(kicks::shutdownNow);
        return why -> kicks.execute(() -> devices.drawer().ifPresentOrElse(drawer -> {
            try {
                drawer.open();
            } catch (DeviceException e) {
                Logger.warn("drawer did not open ({}): {}", why, e.getMessage());
            }
        }, () -> Logger.warn("drawer not available to open ({})", why)));
    }

    /** Every new sale queues its receipt in its own transaction; the worker prints it after the commit. */
    static SaleHook printEverySale(PrintWorker worker) {
        return new SaleHook() {
            @Override
            public void inTransaction(JournalTransaction tx, SaleView sale) {
                PrintQueue.enqueue(tx, sale.id(), PrintJob.Kind.ORIGINAL, "sale");
            }

            @Override
            public void committed(SaleView sale) {
                worker.wake();
            }
        };
    }

    /** The drawer opens for a sale paid (partly) in cash. */
    static SaleHook openDrawerOnCash(Consumer<String> drawerKick) {
        return new SaleHook() {
            @Override
            public void committed(SaleView sale) {
                if (sale.payments().stream().anyMatch(p -> p.method().equals("CASH"))) {
                    drawerKick.accept("sale " + sale.invoiceNo());
                }
            }
        };
    }

    static ReceiptLayout layout(String printerUri) {
        try {
            return ReceiptLayout.forPrinter(DeviceUri.parse(printerUri));
        } catch (IllegalArgumentException e) {
            return ReceiptLayout.of(48, "CP858");
        }
    }

    /**
     * Code slips go straight to the printer: the journaled queue would have to keep the code to reprint it.
     * Null when the box has no printer.
     */
    static PairingApi.SlipPrinter slips(AgentConfig config, DeviceManager devices) {
        if (!config.devices().containsKey("printer")) {
            return null;
        }
        ReceiptLayout layout = layout(config.devices().get("printer"));
        return (before, big, after) -> devices.printer().orElseThrow(() -> new DeviceException("printer not available",
                new DeviceState(DeviceState.Status.OFFLINE, "see the status page"))).print(
                layout.renderSlip(before, big, after));
    }

    /** A journal actor's printed name: a staff member's name, else the actor as journaled. */
    static java.util.function.Function<String, String> names(com.wkpos.edge.agent.staff.Staff staff) {
        return actor -> actor.startsWith("staff:")
                ? staff.directory().find(actor.substring("staff:".length()))
                        .map(com.wkpos.edge.agent.staff.StaffMember::name).orElse(actor)
                : actor;
    }

    /** The configured security device: the simulator keeps its key and counters under the state directory. */
    static com.wkpos.edge.drivers.api.FiscalSigner fiscalSigner(AgentConfig config, java.time.Clock clock) {
        return switch (config.fiscal()) {
            case "sim" -> com.wkpos.edge.drivers.fiscal.SimulatedTse.open(config.stateDir().resolve("tse-sim"), clock);
            default -> throw new IllegalArgumentException("no security device for fiscal=" + config.fiscal());
        };
    }

    static long salesCount(Journal journal) {
        return journal.read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM sales"); var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    static Map<String, String> deviceStatus(DeviceManager devices) {
        Map<String, String> out = new TreeMap<>();
        devices.states().forEach((role, st) -> out.put(role, String.valueOf(st.get("status"))));
        return out;
    }

    /** The pinned provisioning keys; none configured or an empty set (a package built without them) keeps USB keys off. */
    static Optional<KeySet> provisioningKeys(AgentConfig config) {
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

    static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                Logger.warn("closing {}: {}", c.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}

package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.api.PairingApi;
import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.license.LicenseSettings;
import com.wkpos.edge.agent.license.Licensing;
import com.wkpos.edge.agent.pairing.CodeDrop;
import com.wkpos.edge.agent.pairing.Pairing;
import com.wkpos.edge.agent.provisioning.InstalledConfig;
import com.wkpos.edge.agent.provisioning.ProvisionedSync;
import com.wkpos.edge.agent.provisioning.Provisioner;
import com.wkpos.edge.agent.sync.SyncClient;
import com.wkpos.edge.agent.sync.SyncSettings;
import com.wkpos.edge.drivers.api.DeviceException;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;
import javax.net.ssl.SSLSocketFactory;
import org.tinylog.Logger;

/**
 * Puts a configuration a USB key just installed to work without a restart: HQ's license keys (and the
 * bundle's license, if any) go to {@link Licensing}, sync reconnects with the box's new certificate, and a
 * confirmation slip (tenant, branch, device, LAN addresses, TLS fingerprint, a fresh pairing code) comes
 * out of the receipt printer. The bundle's device URIs apply at the next start, to the roles the local
 * configuration leaves unset (local settings win; {@link #devices}): the device manager is not rebuilt
 * under a running till, where a card payment or a print job may be in flight. The slip names the roles
 * a restart changes and those the local configuration keeps; the bundle's LAN options are not applied.
 * Runs on the USB-key watcher's thread; may block a few seconds waiting for the printer.
 */
final class ProvisionedSwitch implements Provisioner.Switch {
    /** Builds, wires and starts a sync client (the agent's sections, license renewal). */
    @FunctionalInterface
    interface SyncStarter {
        SyncClient start(SyncSettings settings, SSLSocketFactory tls);
    }

    /** Where the LAN API answers, for the slip. */
    record Lan(String listenHost, IntSupplier port, boolean tls) {
    }

    /** Device URIs by role: as the local configuration sets them, and as in force in this run. */
    record Devices(Map<String, String> local, Map<String, String> inForce) {
        Devices {
            local = Map.copyOf(local);
            inForce = Map.copyOf(inForce);
        }
    }

    private static final Duration PRINTER_WAIT = Duration.ofSeconds(15);
    private final AtomicReference<SyncClient> sync;
    private final boolean syncConfigured;
    private final SyncStarter starter;
    private final Licensing licensing;
    private final Pairing pairing;
    private final PairingApi.SlipPrinter printer;
    private final String fingerprint;
    private final Lan lan;
    private final Devices devices;

    /**
     * @param syncConfigured the agent was started with an explicit broker, which wins over the installed one
     * @param printer        the receipt printer's slip printer; null when the box has none
     */
    ProvisionedSwitch(AtomicReference<SyncClient> sync, boolean syncConfigured, SyncStarter starter, Licensing licensing,
                      Pairing pairing, PairingApi.SlipPrinter printer, String fingerprint, Lan lan, Devices devices) {
        this.sync = sync;
        this.syncConfigured = syncConfigured;
        this.starter = starter;
        this.licensing = licensing;
        this.pairing = pairing;
        this.printer = printer;
        this.fingerprint = fingerprint;
        this.lan = lan;
        this.devices = devices;
    }

    /** The license settings at start: what the installed bundle brought fills what the configuration leaves unset. */
    static LicenseSettings license(LicenseSettings configured, Optional<InstalledConfig.Installed> installed) {
        return installed.map(i -> new LicenseSettings(
                configured.keys().or(() -> Optional.of(i.file(InstalledConfig.LICENSE_KEYS))),
                configured.tenant().or(() -> Optional.of(i.tenant())))).orElse(configured);
    }

    /**
     * The device URIs to start with: the local configuration's, plus the installed bundle's for every role
     * the local configuration leaves unset. A role this build does not know is skipped with a warning (the
     * bundle was checked when installed; a newer one may name roles an older build lacks).
     */
    static Map<String, String> devices(Map<String, String> local, Optional<InstalledConfig.Installed> installed) {
        Map<String, String> out = new TreeMap<>(local);
        installed.ifPresent(i -> i.settings().path("devices").properties().forEach(e -> {
            if (!DeviceManager.ROLES.contains(e.getKey()) || !e.getValue().isTextual()) {
                Logger.warn("installed configuration {}: device '{}' = {} skipped (roles: {})", i.dir(), e.getKey(),
                        e.getValue(), DeviceManager.ROLES);
            } else if (out.putIfAbsent(e.getKey(), e.getValue().asText()) == null) {
                Logger.info("device {} = {} from the installed configuration", e.getKey(), e.getValue().asText());
            }
        }));
        return out;
    }

    @Override
    public List<Provisioner.Step> switchTo(InstalledConfig.Installed installed) {
        List<Provisioner.Step> steps = new ArrayList<>();
        steps.add(license(installed));
        steps.add(sync(installed));
        List<String> later = restartNeeded(installed, devices);
        if (!later.isEmpty()) {
            steps.add(new Provisioner.Step("restart-needed", "applied at the next start: " + String.join(", ", later)));
        }
        List<String> kept = keptLocal(installed, devices);
        if (!kept.isEmpty()) {
            steps.add(new Provisioner.Step("devices-kept", "the local configuration wins for: " + String.join(", ", kept)));
        }
        steps.add(slip(installed, later));
        return steps;
    }

    private Provisioner.Step license(InstalledConfig.Installed i) {
        licensing.adopt(i.file(InstalledConfig.LICENSE_KEYS), i.tenant());
        Path token = i.file(InstalledConfig.LICENSE);
        if (!Files.exists(token)) {
            return new Provisioner.Step("license", "HQ's license keys pinned for " + i.tenant()
                    + "; the license comes from HQ at the first heartbeat");
        }
        try {
            return new Provisioner.Step("license", switch (licensing.install(Files.readString(token), "usb-key")) {
                case Licensing.Accepted a -> a.detail();
                case Licensing.Rejected r -> "the bundle's license was refused (" + r.reason() + "): " + r.detail()
                        + "; HQ renews it at the first heartbeat";
            });
        } catch (IOException e) {
            return new Provisioner.Step("license-failed", "cannot read " + token + ": " + e.getMessage());
        }
    }

    private Provisioner.Step sync(InstalledConfig.Installed i) {
        if (syncConfigured) {
            return new Provisioner.Step("sync", "left on the configured broker (--broker wins over the installed "
                    + "configuration); remove it to use " + i.brokerUrl());
        }
        try {
            SyncClient old = sync.getAndSet(null);
            if (old != null) {
                old.close();
            }
            sync.set(starter.start(ProvisionedSync.settings(i), ProvisionedSync.tls(i)));
            return new Provisioner.Step("sync", "connecting to " + i.brokerUrl() + " with mTLS as " + i.deviceName()
                    + (old != null ? " (previous link closed)" : ""));
        } catch (RuntimeException e) {
            return new Provisioner.Step("sync-failed", e.getMessage() + "; a restart retries");
        }
    }

    /** Bundle devices a restart puts in force: roles the local configuration leaves unset and that differ now. */
    static List<String> restartNeeded(InstalledConfig.Installed i, Devices devices) {
        List<String> later = new ArrayList<>();
        i.settings().path("devices").properties().forEach(e -> {
            if (DeviceManager.ROLES.contains(e.getKey()) && !devices.local().containsKey(e.getKey())
                    && !e.getValue().asText().equals(devices.inForce().get(e.getKey()))) {
                later.add("device " + e.getKey());
            }
        });
        return later;
    }

    static List<String> keptLocal(InstalledConfig.Installed i, Devices devices) {
        List<String> kept = new ArrayList<>();
        i.settings().path("devices").fieldNames().forEachRemaining(role -> {
            if (devices.local().containsKey(role)) {
                kept.add("device " + role);
            }
        });
        return kept;
    }

    private Provisioner.Step slip(InstalledConfig.Installed i, List<String> later) {
        if (printer == null) {
            return new Provisioner.Step("slip-skipped", "no receipt printer; a pairing code comes from "
                    + "'wk-edge agent pairing-code' or the status page");
        }
        CodeDrop.Issued code = pairing.issueCode("usb-key");
        List<String> before = new ArrayList<>(List.of("WK Edge - box provisioned", "Tenant " + i.tenant(),
                "Branch " + i.branch(), "Device " + i.deviceName(), "LAN:"));
        before.addAll(lanAddresses(lan.listenHost(), lan.port().getAsInt(), lan.tls()));
        before.add("Pair a screen, code good once until " + code.expiresAt().toString().substring(11, 16) + " UTC:");
        List<String> after = new ArrayList<>(List.of("Certificate SHA-256:", fingerprint.substring(0, 47),
                fingerprint.substring(48)));
        if (!later.isEmpty()) {
            after.add("Restart the agent to apply: " + String.join(", ", later));
        }
        after.add("Five wrong codes lock pairing for 15 minutes.");
        String big = code.code().substring(0, 3) + " " + code.code().substring(3);
        long deadline = System.nanoTime() + PRINTER_WAIT.toNanos();
        while (true) {
            try {
                printer.print(before, big, after);
                // the code itself is on paper only; the journal knows its id
                return new Provisioner.Step("slip-printed", "confirmation slip with pairing code " + code.codeId()
                        + " until " + code.expiresAt());
            } catch (DeviceException e) {
                if (System.nanoTime() > deadline) {
                    return new Provisioner.Step("slip-failed", "the confirmation slip did not print within "
                            + PRINTER_WAIT.toSeconds() + " s: " + e.getMessage());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
            }
        }
    }

    /** The URLs screens on the LAN reach the box at: the listen address, or each up IPv4 address for a wildcard. */
    static List<String> lanAddresses(String listenHost, int port, boolean tls) {
        String scheme = tls ? "https://" : "http://";
        if (!listenHost.equals("0.0.0.0") && !listenHost.equals("::") && !listenHost.isEmpty()) {
            return List.of(scheme + listenHost + ":" + port);
        }
        List<String> urls = new ArrayList<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                if (nic.isUp() && !nic.isLoopback()) {
                    nic.inetAddresses().filter(a -> a instanceof Inet4Address)
                            .forEach(a -> urls.add(scheme + a.getHostAddress() + ":" + port));
                }
            }
        } catch (SocketException e) {
            urls.add("(cannot list network interfaces: " + e.getMessage() + ")");
        }
        return urls.isEmpty() ? List.of(scheme + "127.0.0.1:" + port + " (no LAN interface up)") : urls;
    }
}

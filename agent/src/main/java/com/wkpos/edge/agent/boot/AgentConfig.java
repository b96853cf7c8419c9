package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.device.DeviceManager;
import com.wkpos.edge.agent.license.LicenseSettings;
import com.wkpos.edge.agent.provisioning.ProvisioningSettings;
import com.wkpos.edge.agent.sync.SyncSettings;
import com.wkpos.edge.agent.sale.SaleSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's configuration, parsed once at start-up from an optional properties file
 * ({@code --config FILE}) and the command line, which wins. A bad or unknown key fails fast naming it.
 *
 * @param catalog     a catalog file to load at start (journaled only when it differs from the one in force)
 * @param demoCatalog load the demo catalog shipped with the agent when no catalog is in force
 * @param devices     role → device URI ({@code printer}, {@code drawer}, {@code scanner}, {@code terminal})
 * @param license     pinned HQ keys ({@code license.keys}) and the box's tenant ({@code tenant})
 * @param till        staff and till rules files ({@code --staff}, {@code --till}, or {@code --demo-till})
 * @param lan         HTTPS or loopback-only plain HTTP, the events socket's allowed origins, mDNS
 * @param sync        how to reach HQ ({@code --broker --tenant --branch --hq-key}); empty: no sync, unless the
 *                    box is provisioned (then the installed configuration, with mTLS)
 * @param provisioning USB-key provisioning ({@code --provisioning-keys}, {@code --usb-key-folder})
 * @param fiscal      the security device (TSE) that signs each till transaction: {@code none}, or {@code sim}
 *                    (the simulator in {@code STATE_DIR/tse-sim}, not certified)
 */
public record AgentConfig(Path stateDir, String listenHost, int listenPort, Optional<Path> catalog,
                          boolean demoCatalog, Map<String, String> devices, String branchName, SaleSettings sale,
                          List<String> receiptHeader, LicenseSettings license, TillConfig till, LanSettings lan,
                          Optional<SyncSettings> sync, ProvisioningSettings provisioning, String fiscal) {
    private static final Set<String> FILE_KEYS = fileKeys();
    private static final List<String> FISCAL_SIGNERS = List.of("none", "sim");

    public AgentConfig {
        if (!FISCAL_SIGNERS.contains(fiscal)) {
            throw new IllegalArgumentException("fiscal must be one of " + FISCAL_SIGNERS + ", was " + fiscal);
        }
        devices = Map.copyOf(devices);
        receiptHeader = List.copyOf(receiptHeader);
    }

    /** The same configuration listening on another port (0: any free one). */
    public AgentConfig withPort(int port) {
        return new AgentConfig(stateDir, listenHost, port, catalog, demoCatalog, devices, branchName, sale, receiptHeader,
                license, till, lan, sync, provisioning, fiscal);
    }

    /** The same configuration with other device URIs by role. */
    public AgentConfig withDevices(Map<String, String> roles) {
        return new AgentConfig(stateDir, listenHost, listenPort, catalog, demoCatalog, roles, branchName, sale,
                receiptHeader, license, till, lan, sync, provisioning, fiscal);
    }

    /** The same configuration with other sync settings (tests and benchmarks tune windows and timeouts). */
    public AgentConfig withSync(Optional<SyncSettings> settings) {
        return new AgentConfig(stateDir, listenHost, listenPort, catalog, demoCatalog, devices, branchName, sale,
                receiptHeader, license, till, lan, settings, provisioning, fiscal);
    }

    /** @throws IllegalArgumentException naming the bad argument or key */
    public static AgentConfig parse(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("state-dir", "/var/lib/wk-edge");
        values.put("listen", "0.0.0.0:8080");
        values.put("branch.name", "WK branch");
        values.put("currency", "EUR");
        values.put("cash-rounding", "0");
        values.put("stock.refuse-oversell", "false");
        values.put("fiscal", "none");
        Map<String, String> cli = new LinkedHashMap<>();
        boolean demoCatalog = false;
        boolean demoTill = false;
        Iterator<String> it = args.iterator();
        while (it.hasNext()) {
            String arg = it.next();
            switch (arg) {
                case "--config" -> readFile(Path.of(value(it, arg)), values);
                case "--state-dir" -> cli.put("state-dir", value(it, arg));
                case "--listen" -> cli.put("listen", value(it, arg));
                case "--catalog" -> cli.put("catalog", value(it, arg));
                case "--branch-name" -> cli.put("branch.name", value(it, arg));
                case "--receipt-header" -> cli.put("receipt.header", value(it, arg));
                case "--currency" -> cli.put("currency", value(it, arg));
                case "--cash-rounding" -> cli.put("cash-rounding", value(it, arg));
                case "--license-keys" -> cli.put("license.keys", value(it, arg));
                case "--tenant" -> cli.put("tenant", value(it, arg));
                case "--refuse-oversell" -> cli.put("stock.refuse-oversell", "true");
                case "--broker" -> cli.put("sync.broker", value(it, arg));
                case "--branch" -> cli.put("sync.branch", value(it, arg));
                case "--hq-key" -> cli.put("sync.hq-key", value(it, arg));
                case "--provisioning-keys" -> cli.put("provisioning.keys", value(it, arg));
                case "--usb-key-folder" -> cli.merge("provisioning.folders", value(it, arg), (a, b) -> a + "," + b);
                case "--fiscal" -> cli.put("fiscal", value(it, arg));
                case "--demo-catalog" -> demoCatalog = true;
                case "--demo-till" -> demoTill = true;
                case "--staff" -> cli.put("staff.file", value(it, arg));
                case "--till" -> cli.put("till.file", value(it, arg));
                case "--plain-http" -> cli.put("tls", "false");
                case "--allowed-origins" -> cli.put("lan.allowed-origins", value(it, arg));
                case "--mdns" -> cli.put("mdns", value(it, arg));
                case "--devices" -> {
                    String v = value(it, arg);
                    if (!v.equals("sim")) {
                        throw new IllegalArgumentException("--devices takes only 'sim' (a simulator for each device), was " + v);
                    }
                    for (String role : List.of("printer", "drawer", "scanner", "terminal")) {
                        cli.put("device." + role, "sim");
                    }
                }
                case "--device" -> {
                    String v = value(it, arg);
                    int eq = v.indexOf('=');
                    if (eq < 1 || !DeviceManager.ROLES.contains(v.substring(0, eq)) || eq == v.length() - 1) {
                        throw new IllegalArgumentException("--device takes ROLE=URI with ROLE one of " + DeviceManager.ROLES
                                + ", was " + v);
                    }
                    cli.put("device." + v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        values.putAll(cli);
        return of(values, demoCatalog, demoTill);
    }

    private static AgentConfig of(Map<String, String> v, boolean demoCatalog, boolean demoTill) {
        String listen = v.get("listen");
        int colon = listen.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("listen must be HOST:PORT, was " + listen);
        }
        int port = integer("listen port", listen.substring(colon + 1), 0, 65_535);
        Map<String, String> devices = new LinkedHashMap<>();
        v.forEach((k, val) -> {
            if (k.startsWith("device.")) {
                devices.put(k.substring("device.".length()), val);
            }
        });
        SaleSettings sale = new SaleSettings(v.get("currency"),
                integer("cash-rounding", v.get("cash-rounding"), 0, 100), bool("stock.refuse-oversell",
                v.get("stock.refuse-oversell")));
        List<String> header = new ArrayList<>(List.of(v.get("branch.name")));
        if (v.containsKey("receipt.header")) {
            header.addAll(List.of(v.get("receipt.header").split("\\|")));
        }
        return new AgentConfig(Path.of(v.get("state-dir")), listen.substring(0, colon), port,
                Optional.ofNullable(v.get("catalog")).map(Path::of), demoCatalog, devices, v.get("branch.name"), sale,
                header, new LicenseSettings(Optional.ofNullable(v.get("license.keys")).map(Path::of),
                Optional.ofNullable(v.get("tenant"))),
                new TillConfig(Optional.ofNullable(v.get("staff.file")).map(Path::of),
                Optional.ofNullable(v.get("till.file")).map(Path::of), demoTill), LanSettings.of(listen.substring(0, colon),
                bool("tls", v.getOrDefault("tls", "true")), v.getOrDefault("lan.allowed-origins", ""),
                Optional.ofNullable(v.get("mdns")).map(m -> bool("mdns", m))), sync(v),
                ProvisioningSettings.parse(v.get("provisioning.keys"), v.get("provisioning.folders")), v.get("fiscal"));
    }

    /** Sync runs when a broker is named; the tenant is shared with the license. */
    private static Optional<SyncSettings> sync(Map<String, String> v) {
        if (v.keySet().stream().noneMatch(k -> k.startsWith("sync."))) {
            return Optional.empty();
        }
        if (v.get("sync.broker") == null) {
            throw new IllegalArgumentException("--branch and --hq-key need --broker URL");
        }
        SyncSettings s = SyncSettings.of(v.get("sync.broker"), v.get("tenant"), v.get("sync.branch"),
                v.get("sync.hq-key") == null ? null : Path.of(v.get("sync.hq-key")));
        // a thin uplink can slow a month's backlog down so sales traffic and heartbeats still get through
        return Optional.of(new SyncSettings(s.brokerUrl(), s.tenant(), s.branch(), s.hqKey(), s.heartbeat(),
                integer("sync.batch-entries", v.getOrDefault("sync.batch-entries", "" + s.batchEntries()), 1, 2_000),
                s.window(), s.ackTimeout(), integer("sync.batches-per-second",
                v.getOrDefault("sync.batches-per-second", "" + s.batchesPerSecond()), 1, 10_000)));
    }

    private static Set<String> fileKeys() {
        Set<String> keys = new java.util.TreeSet<>(Set.of("state-dir", "listen", "catalog", "branch.name", "currency",
                "cash-rounding", "stock.refuse-oversell", "receipt.header", "license.keys", "tenant",
                "staff.file", "till.file", "tls", "lan.allowed-origins", "mdns", "sync.broker", "sync.branch",
                "sync.hq-key", "sync.batch-entries", "sync.batches-per-second", "provisioning.keys",
                "provisioning.folders", "fiscal"));
        DeviceManager.ROLES.forEach(role -> keys.add("device." + role));
        return java.util.Collections.unmodifiableSet(keys);
    }

    private static void readFile(Path file, Map<String, String> into) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        List<String> unknown = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!FILE_KEYS.contains(key)) {
                unknown.add(key);
            }
            into.put(key, p.getProperty(key).strip());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown key(s) in " + file + ": " + unknown + "; known: " + FILE_KEYS);
        }
    }

    private static String value(Iterator<String> it, String option) {
        if (!it.hasNext()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return it.next();
    }

    private static int integer(String name, String raw, int min, int max) {
        try {
            int v = Integer.parseInt(raw.strip());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be an integer " + min + ".." + max + ", was '" + raw + "'");
    }

    private static boolean bool(String name, String raw) {
        return switch (raw.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, was '" + raw + "'");
        };
    }
}

package com.wkpos.edge.agent.boot;

import com.wkpos.edge.agent.bench.DeviceBenchmark;
import com.wkpos.edge.agent.bench.SaleBenchmark;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.support.SupportBundle;
import com.wkpos.edge.agent.systemd.Supervision;
import com.wkpos.edge.agent.pairing.CodeDrop;
import com.wkpos.edge.agent.tls.BoxCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's command line, reached through {@code ./wk-edge}: {@code agent}, {@code demo},
 * {@code journal verify}, {@code bench sale}. Exit codes: 0 ok, 1 check failed, 2 usage or start-up error.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            err.println(usage());
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "agent" -> switch (rest.isEmpty() ? "" : rest.getFirst()) {
                    case "pairing-code" -> pairingCode(rest.subList(1, rest.size()), out, err);
                    case "reset" -> FactoryReset.run(rest.subList(1, rest.size()), out, err, System.console() == null
                            ? null : question -> System.console().readLine("%s", question));
                    default -> serve(AgentConfig.parse(rest), out, false);
                };
                case "demo" -> demo(rest, out);
                case "journal" -> journal(rest, out, err);
                case "fiscal" -> com.wkpos.edge.agent.fiscal.DsfinvkExport.run(rest, out, err, Agent.version());
                case "bench" -> bench(rest, out, err);
                case "support-bundle" -> SupportBundle.run(rest, out, err, Clock.systemUTC(), Agent.version());
                case "staff" -> {
                    if (rest.size() != 2 || !rest.get(0).equals("hash-pin")) {
                        err.println("usage: wk-edge staff hash-pin PIN");
                        yield 2;
                    }
                    out.println(com.wkpos.edge.provisioning.crypto.PinHash.hash(rest.get(1)));
                    yield 0;
                }
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> {
                    err.println("unknown command '" + args.getFirst() + "'\n" + usage());
                    yield 2;
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("wk-edge: " + e.getMessage());
            return 2;
        }
    }

    private static int demo(List<String> args, PrintStream out) {
        List<String> full = new ArrayList<>(List.of("--state-dir", "demo-state/agent", "--listen", "127.0.0.1:8080",
                "--plain-http",
                "--devices", "sim", "--fiscal", "sim", "--demo-catalog", "--demo-till", "--branch-name", "WK Demo Markt",
                "--receipt-header", "Hauptstraße 1, 10115 Berlin|USt-IdNr. DE123456789"));
        full.addAll(args);
        AgentConfig config = AgentConfig.parse(full);
        if (config.license().keys().isEmpty()) {
            full.addAll(List.of("--license-keys", DemoLicense.ensure(config.stateDir(), Clock.systemUTC()).toString(),
                    "--tenant", DemoLicense.TENANT));
            config = AgentConfig.parse(full);
        }
        return serve(config, out, true);
    }

    private static int serve(AgentConfig config, PrintStream out, boolean demo) {
        Agent agent;
        try {
            agent = Agent.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            if (demo && rootCause(e) instanceof BindException) {
                out.println("port " + config.listenPort() + " is taken; using a free port instead");
                agent = Agent.start(config.withPort(0), Clock.systemUTC());
            } else {
                throw e;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Agent running = agent;
        String host = config.listenHost().equals("0.0.0.0") ? "127.0.0.1" : config.listenHost();
        String url = agent.url(host);
        RunFile.write(config.stateDir(), url, Clock.systemUTC());
        Supervision supervision = Supervision.ready(agent.journal(), URI.create(url + "api/v1/health"),
                config.lan().tls() ? BoxCertificate.trusting(agent.certificate().certificate()) : null, System.getenv(),
                "serving " + agent.catalogs().current().size() + " items on " + url);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            supervision.close();
            running.close();
            out.println("WK Edge stopped cleanly (journal seq " + running.journal().head().seq() + ").");
            stopped.countDown();
        }, "shutdown"));
        if (demo) {
            String code = agent.pairing().issueCode("demo").code();
            out.println("""

                    WK Edge demo is running: one branch agent, demo catalog (%d items), simulated devices.
                      Status page:  %s
                      Health:       %sapi/v1/health
                      Pairing code: %s (once, 5 minutes; a new one: ./wk-edge agent pairing-code --state-dir %s)
                      Pair:         TOKEN=$(curl -s -X POST %sapi/v1/pairing -d '{"code":"%s","name":"my laptop"}' | jq -r .token)
                      Ring a sale:  curl -s -X POST %sapi/v1/sales -H "Authorization: Bearer $TOKEN" \\
                                      -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \\
                                      -d '{"lines":[{"sku":"COF-250","qty":2}],"coupon":"WELCOME10","payments":[{"method":"CASH","amount":2000}]}'
                      Receipts:     %s (text and PNG from the printer simulator)
                      State:        %s
                    Press Ctrl-C to stop.
                    """.formatted(agent.catalogs().current().size(), url, url, code, config.stateDir(), url, code, url,
                    config.stateDir().resolve("sim-printer").toAbsolutePath(), config.stateDir().toAbsolutePath()));
        } else {
            out.println("WK Edge agent listening on " + url + " (state " + config.stateDir().toAbsolutePath()
                    + "); TLS certificate SHA-256 " + agent.certificate().fingerprint());
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Prints a fresh pairing code (digits only, on stdout, for scripts; the explanation on stderr). Works
     * while the agent runs in another process: the code reaches it through the state directory.
     */
    private static int pairingCode(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !args.get(0).equals("--state-dir")) {
            err.println("usage: wk-edge agent pairing-code --state-dir DIR");
            return 2;
        }
        Path stateDir = Path.of(args.get(1));
        if (!Files.isRegularFile(stateDir.resolve("journal.db"))) {
            err.println("wk-edge: no agent state in " + stateDir + " (start the agent there once first)");
            return 2;
        }
        try {
            CodeDrop.Issued issued = CodeDrop.issue(stateDir, Clock.systemUTC());
            out.println(issued.code());
            err.println("Pairing code " + issued.code() + ": enter it on the screen; good once, until "
                    + issued.expiresAt() + ". Five wrong codes lock pairing for 15 minutes.");
            return 0;
        } catch (IOException e) {
            err.println("wk-edge: cannot hand the code to the agent in " + stateDir + ": " + e.getMessage());
            return 2;
        }
    }

    private static int journal(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 3 || !args.get(0).equals("verify") || !args.get(1).equals("--state-dir")) {
            err.println("usage: wk-edge journal verify --state-dir DIR");
            return 2;
        }
        Path stateDir = Path.of(args.get(2));
        JournalVerifier.Report report = Agent.verifier().verify(stateDir);
        if (report.ok()) {
            out.println("journal OK: " + report.entries() + " entries, head " + report.head()
                    + "; hash chain, ledger balance, invoice sequence and projections all check out");
            return 0;
        }
        JournalVerifier.Finding first = report.first().orElseThrow();
        err.println("journal BROKEN: first bad seq " + first.seq() + " (" + first.check() + ": " + first.detail() + ")");
        for (JournalVerifier.Finding f : report.findings()) {
            err.println("  " + f.check() + ": seq " + f.seq() + ": " + f.detail());
        }
        return 1;
    }

    private static int bench(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || !List.of("sale", "devices", "reports").contains(args.getFirst())) {
            err.println("usage: wk-edge bench sale [--sales N] [--state-dir DIR] | bench devices [--ops N]"
                    + " | bench reports [--entries N] [--runs N] [--state-dir DIR]");
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "sale" -> SaleBenchmark.run(rest, out);
            case "reports" -> com.wkpos.edge.agent.bench.ReportsBenchmark.run(rest, out);
            default -> DeviceBenchmark.run(rest, out);
        };
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    static String usage() {
        return String.join("\n", Arrays.asList(
                "usage: wk-edge COMMAND [options]",
                "  demo                                   one branch agent with the demo catalog and simulated devices",
                "  agent --state-dir DIR --listen HOST:PORT [--catalog FILE] [--devices sim] [--device ROLE=URI]",
                "        [--config FILE] [--branch-name NAME] [--currency EUR] [--cash-rounding 5] [--refuse-oversell]",
                "        [--license-keys JWKS] [--tenant TENANT]",
                "        [--staff FILE] [--till FILE] [--demo-till]",
                "        [--plain-http (loopback only)] [--allowed-origins URL,…] [--mdns true|false]",
                "  agent pairing-code --state-dir DIR     a fresh code to pair a POS screen (also while the agent runs)",
                "  agent reset --state-dir DIR [--export FILE] [--confirm NAME]  factory state, once HQ acked the journal"
                        + " (or it is exported); the agent must be stopped",
                "  staff hash-pin PIN                     an Argon2id hash of a PIN for the staff file",
                "  journal verify --state-dir DIR         check hash chain, ledger, invoice numbers, projections",
                "  fiscal export --state-dir DIR --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.zip [--force]",
                "        [--zone ZONE] [--branch-name NAME]  the auditor's DSFinV-K export (subset) of those days",
                "  bench sale                             sale commit latency and throughput against a raw SQLite baseline",
                "  bench devices                          receipt print latency and ZVT round trip against raw TCP baselines",
                "  bench reports                          the monthly report over a busy year against plain SQL sums",
                "  support-bundle [--state-dir DIR] [--out FILE] [--config FILE] [--agent URL] [--log FILE]",
                "                                         one zip of status, versions, devices, sync state, logs; no secrets"));
    }
}

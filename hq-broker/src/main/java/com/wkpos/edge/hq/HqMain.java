package com.wkpos.edge.hq;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./wk-edge hq …}: runs the HQ service, or talks to a running one through its admin API
 * ({@code price set}, {@code catalog import}, {@code branches}, {@code sales}, {@code stock},
 * {@code report}, {@code transfer}, {@code po}, …). Exit codes:
 * 0 ok, 1 refused by HQ or unreachable, 2 usage.
 */
public final class HqMain {
    private HqMain() {
    }

    public static void main(String[] args) {
        int code = run(List.of(args), System.out, System.err);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** @return the exit code, or -1 while the service keeps running (it ends on SIGTERM) */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty() || args.getFirst().startsWith("--")) {
                return serve(HqConfig.parse(args), out);
            }
            return switch (args.getFirst()) {
                case "price", "catalog", "branches", "sales", "stock", "report", "tenant", "users", "rates", "transfer", "transfers",
                     "po", "pos" -> HqClient.command(args, out, err, System::getenv);
                case "broker-config" -> brokerConfig(args.subList(1, args.size()), out);
                case "shop-sim" -> {
                    try {
                        yield ShopSimulator.run(args.subList(1, args.size()), out);
                    } catch (java.io.IOException | InterruptedException e) {
                        err.println("wk-edge hq shop-sim: " + e);
                        yield 1;
                    }
                }
                case "bench" -> {
                    try {
                        yield SyncBenchmark.run(args.subList(1, args.size()), out);
                    } catch (Exception e) {
                        err.println("wk-edge bench: " + e);
                        yield 1;
                    }
                }
                case "help", "--help", "-h" -> {
                    out.println(usage());
                    yield 0;
                }
                default -> {
                    err.println("unknown hq command '" + args.getFirst() + "'\n" + usage());
                    yield 2;
                }
            };
        } catch (IllegalArgumentException e) {
            err.println("wk-edge hq: " + e.getMessage() + "\n" + usage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("wk-edge hq: " + e.getMessage());
            return 2;
        }
    }

    private static int serve(HqConfig config, PrintStream out) {
        Hq hq = Hq.start(config, Clock.systemUTC(), List.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hq.close();
            stopped.countDown();
        }, "shutdown"));
        out.println("WK Edge HQ: admin API http://" + config.listenHost() + ":" + hq.port() + "/api/v1/branches, broker "
                + hq.brokerUrl() + (config.embeddedBroker() ? " (embedded)" : "") + ", signing key "
                + config.stateDir().resolve(Hq.PUBLIC_KEY_FILE).toAbsolutePath() + " (pin it on each branch: --hq-key), admin token "
                + config.stateDir().resolve(AdminToken.FILE).toAbsolutePath() + " (the hq commands read it: --hq-state-dir)");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code broker-config --state-dir DIR [--db URL] --out DIR [--listen HOST:PORT] [--host NAME]...}. */
    private static int brokerConfig(List<String> args, PrintStream out) {
        java.util.Map<String, String> o = new java.util.HashMap<>();
        List<String> hosts = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = args.get(i);
            if (!List.of("--state-dir", "--db", "--out", "--listen", "--host").contains(name) || i + 1 >= args.size()) {
                throw new IllegalArgumentException("broker-config: unknown option or missing value: " + name);
            }
            if (name.equals("--host")) {
                hosts.add(args.get(i + 1));
            } else {
                o.put(name, args.get(i + 1));
            }
        }
        if (!o.containsKey("--state-dir") || !o.containsKey("--out")) {
            throw new IllegalArgumentException("broker-config needs --state-dir DIR and --out DIR");
        }
        String[] listen = HqConfig.hostPort("--listen", o.getOrDefault("--listen", "0.0.0.0:8883"));
        if (hosts.isEmpty()) {
            hosts.add("localhost");
            hosts.add("127.0.0.1");
        }
        java.nio.file.Path state = java.nio.file.Path.of(o.get("--state-dir"));
        try (HqDatabase db = HqDatabase.open(o.get("--db"), state)) {
            var authority = com.wkpos.edge.hq.enroll.EnrollAuthority.open(state, db.dataSource(), Clock.systemUTC());
            java.nio.file.Path conf = com.wkpos.edge.hq.enroll.BrokerConfig.write(authority, java.nio.file.Path.of(o.get("--out")),
                    new com.wkpos.edge.hq.enroll.BrokerConfig.Listener(listen[0], Integer.parseInt(listen[1]), hosts),
                    java.time.Instant.now());
            out.println("Mosquitto configuration written: " + conf + " (" + authority.activeDevices().size()
                    + " devices in force; start HQ with --broker ssl://HOST:" + listen[1] + " --broker-tls " + conf.getParent()
                    + "). Reload the broker to apply it.");
        }
        return 0;
    }

    static String usage() {
        return String.join("\n",
                "usage: wk-edge hq --state-dir DIR [--listen HOST:PORT] [--mqtt-listen HOST:PORT | --broker URL]",
                "                  [--db JDBC-URL] [--tenant T] [--shared-ingest]",
                "                  [--broker-cert FILE --broker-key FILE --broker-ca FILE | --broker-tls DIR]",
                "                  (HQ's client certificate for an mTLS broker; DIR as written by broker-config)",
                "                  [--shop-config FILE]   (the web-shop connector: shop.url, shop.api-key, shop.tenant, …)",
                "       wk-edge hq shop-sim --api-key KEY [--listen HOST:PORT] [--hq URL] [--order SKU=QTY ...]",
                "                  (a web-shop simulator; with --order it places one order at HQ's webhook)",
                "       wk-edge hq price set SKU AMOUNT [--branch B | --all] [--hq URL]",
                "       wk-edge hq catalog import FILE [--if-absent] [--hq URL]   (--if-absent: only while HQ has no catalog)",
                "       wk-edge hq branches [--hq URL] [--json]",
                "       wk-edge hq sales [--branch B] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--limit N] [--zone Z] [--json]",
                "                  (the newest sales HQ received, and per branch: sales, gross, refunds, net;",
                "                  days inclusive, in Z, default Europe/Berlin; --limit 1..1000, default 100)",
                "       wk-edge hq stock [--branch B] [--sku S] [--json]   (on hand per branch and SKU: net of the",
                "                  sales, refunds and voids HQ received; HQ knows no opening stock)",
                "       wk-edge hq report daily|monthly|cash-flow|receivables|customer-statement --from YYYY-MM-DD",
                "                  --to YYYY-MM-DD [--branch B] [--customer ID] [--zone Z] [--format csv|json]",
                "                  (the box's back-office reports over the tenant's branches; receivables need only",
                "                  --to, the statement --customer; a table in minor units unless --format)",
                "       wk-edge hq transfer create --from A --to B --line SKU=QTY [--line ...] [--note TEXT] [--json]",
                "       wk-edge hq transfers [--branch B] [--status S] [--json] | transfer show ID | transfer close ID",
                "                  [--reason TEXT]   (stock moved between branches; close once received)",
                "       wk-edge hq po create --branch B --supplier S --line SKU=QTY [--line ...] [--note TEXT] [--json]",
                "       wk-edge hq pos [--branch B] [--status S] [--json] | po show ID | po send ID | po close ID",
                "                  [--reason TEXT]   (purchase orders: made as DRAFT, sent to the branch, closed short)",
                "       wk-edge hq tenant register TENANT [--plan P] [--modules a,b] [--max-devices N] [--days D]",
                "                  [--offline-days N] [--hq URL]   (mints a serial key and registers the tenant)",
                "       wk-edge hq broker-config --state-dir DIR [--db URL] --out DIR [--listen HOST:PORT] [--host NAME]...",
                "                  (Mosquitto TLS listener, ACL per branch, CRL; re-run after enrolling or revoking)",
                "       wk-edge hq users set FILE | rates set FILE [--hq URL]   (JSON lists, sent to every branch)",
                "  --hq is the admin API's base URL (default http://127.0.0.1:8090, the local HQ's --listen).",
                "  Its admin token: --hq-token-file FILE, $WK_EDGE_HQ_TOKEN, or --hq-state-dir DIR (DIR/admin.token);",
                "  for a loopback --hq also $WK_EDGE_HQ_STATE_DIR or /var/lib/wk-edge-hq.");
    }
}

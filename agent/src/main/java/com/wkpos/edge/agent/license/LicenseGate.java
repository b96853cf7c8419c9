package com.wkpos.edge.agent.license;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which LAN API call the license allows — one rule for every call, decided before the handler runs:
 *
 * <ol>
 *   <li><b>Open paths</b> ({@link #OPEN}) always pass: health, the OpenAPI document, the license
 *       itself (so a locked box can be given a license), events, and later pairing.</li>
 *   <li><b>LOCKED</b> (no valid license, expired, past {@code offlineDays}, suspended, revoked, not
 *       activated): reads ({@code GET}/{@code HEAD}) pass — data stays readable and exportable —
 *       unless the path belongs to a module outside the plan; every write is refused with the
 *       lock's problem type.</li>
 *   <li><b>Module</b>: a path under a prefix in {@link #MODULES} needs that module in the plan, else
 *       {@code module-not-in-plan}.</li>
 *   <li><b>SALES_ONLY</b> (72 h without HQ): reads pass except accounting reports; of the writes only
 *       {@link #SELLING} passes — ringing up, quoting, paying, cancelling a parked sale, reprinting a receipt, staff log-in, shifts, cash moves, approvals and the Z report (a store can always close its day). Refunds,
 *       voids, catalog and price changes, stock adjustments and anything not listed are refused with
 *       {@code license-expired}, so the store keeps selling but nothing that needs HQ's oversight.</li>
 *   <li>FULL and WARNING allow everything the plan holds.</li>
 * </ol>
 * The tables are the extension point: a new capability adds its module prefix and, if it is part
 * of selling, its write pattern.
 */
public final class LicenseGate {
    /** Paths the license never gates (prefix match). */
    public static final List<String> OPEN = List.of("/api/v1/health", "/api/v1/openapi.json", "/api/v1/license",
            "/api/v1/events", "/api/v1/pairing");

    /** Path prefix → the plan module it needs. */
    public static final Map<String, String> MODULES = Map.ofEntries(
            Map.entry("/api/v1/reports/daily", "reports"),
            Map.entry("/api/v1/reports/monthly", "reports"),
            Map.entry("/api/v1/reports/cash-flow", "reports"),
            Map.entry("/api/v1/reports/receivables", "reports"),
            Map.entry("/api/v1/reports/customer-statement", "reports"),
            Map.entry("/api/v1/customers", "loyalty"),
            Map.entry("/api/v1/loyalty", "loyalty"),
            Map.entry("/api/v1/reports/trial-balance", "accounting"),
            Map.entry("/api/v1/ledger", "accounting"),
            Map.entry("/api/v1/exchange-rates", "multi-currency"),
            Map.entry("/api/v1/currencies", "multi-currency"));

    /**
     * Reads refused in SALES_ONLY (prefix match): accounting reports need a license HQ has confirmed. The X and Z
     * reports stay open: a store must be able to close its day whatever the license says.
     */
    public static final List<String> NOT_IN_SALES_ONLY = List.of("/api/v1/reports/trial-balance", "/api/v1/ledger",
            "/api/v1/reports/daily", "/api/v1/reports/monthly", "/api/v1/reports/cash-flow",
            "/api/v1/reports/receivables", "/api/v1/reports/customer-statement");

    /** Writes allowed in SALES_ONLY: {@code METHOD path-regex}. */
    public static final List<String> SELLING = List.of(
            "POST /api/v1/sales",
            "POST /api/v1/sales/quote",
            "POST /api/v1/sales/[^/]+/(receipt|cancel)",
            "POST /api/v1/staff/log(in|out)",
            "POST /api/v1/shifts(/[^/]+/close)?",
            "POST /api/v1/cash-moves",
            "POST /api/v1/drawer/open",
            "POST /api/v1/reports/z",
            "POST /api/v1/approvals(/[^/]+/(approve|reject))?",
            "POST /api/v1/gift-cards");

    private static final List<Pattern> SELLING_PATTERNS = SELLING.stream().map(Pattern::compile).toList();

    /** A refusal: the problem type slug and what to tell the screen. */
    public record Refusal(String problem, String detail) {
    }

    private LicenseGate() {
    }

    public static Optional<Refusal> decide(String method, String path, LicenseStatus status) {
        if (startsWithAny(path, OPEN)) {
            return Optional.empty();
        }
        boolean read = method.equals("GET") || method.equals("HEAD");
        Optional<String> module = moduleOf(path);
        boolean inPlan = module.isEmpty() || status.claims().map(c -> c.hasModule(module.get())).orElse(false);
        if (status.locked()) {
            if (read && inPlan) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(status.problem(), "the box is locked: " + status.detail()
                    + (read ? "" : "; reading and exporting data still works")));
        }
        if (!inPlan) {
            return Optional.of(new Refusal("module-not-in-plan", path + " needs the '" + module.get()
                    + "' module, which plan '" + status.claims().map(c -> c.plan()).orElse("?") + "' does not include"));
        }
        if (status.level() == LicenseStatus.Level.SALES_ONLY) {
            boolean allowed = read ? !startsWithAny(path, NOT_IN_SALES_ONLY)
                    : SELLING_PATTERNS.stream().anyMatch(p -> p.matcher(method + " " + path).matches());
            if (!allowed) {
                return Optional.of(new Refusal(status.problem(), method + " " + path + " is not part of selling: "
                        + status.detail()));
            }
        }
        return Optional.empty();
    }

    static Optional<String> moduleOf(String path) {
        return MODULES.entrySet().stream().filter(e -> path.equals(e.getKey()) || path.startsWith(e.getKey() + "/"))
                .map(Map.Entry::getValue).findFirst();
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        return prefixes.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }
}

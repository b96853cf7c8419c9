package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.sync.SyncClient;
import io.javalin.Javalin;
import java.util.Map;

/**
 * Sync's part of the LAN API: a {@code sync} section in {@code /api/v1/health} (broker, acked seq,
 * backlog, last ack), Prometheus lines in {@code /metrics}, and a section on the status page.
 */
public final class SyncModule implements ApiModule {
    private final java.util.function.Supplier<java.util.Optional<SyncClient>> current;

    public SyncModule(SyncClient sync) {
        this(() -> java.util.Optional.of(sync));
    }

    /** Follows whichever client is current: a box provisioned while running gets its first one then. */
    public SyncModule(java.util.function.Supplier<java.util.Optional<SyncClient>> current) {
        this.current = current;
    }

    private Map<String, Object> status() {
        return current.get().map(SyncClient::status).orElseGet(() -> Map.of("configured", false, "connected", false,
                "detail", "no HQ configured: provision the box with a USB key or give --broker"));
    }

    @Override
    public void register(Javalin app) {
        app.get("/api/v1/sync", ctx -> ctx.contentType("application/json").result(Json.write(status())));
    }

    @Override
    public String openApiFragment() {
        return "/api/openapi-sync.json";
    }

    @Override
    public void health(Map<String, Object> body) {
        body.put("sync", status());
    }

    @Override
    public String metrics() {
        if (current.get().isEmpty()) {
            return "# HELP wk_edge_sync_connected 1 while connected to the broker.\n# TYPE wk_edge_sync_connected gauge\n"
                    + "wk_edge_sync_connected 0\n";
        }
        Map<String, Object> s = status();
        Object lastAck = s.get("lastAckAt");
        long lastAckEpoch = lastAck == null ? 0 : java.time.Instant.parse(lastAck.toString()).getEpochSecond();
        return "# HELP wk_edge_sync_backlog Journal entries not yet acknowledged by HQ.\n"
                + "# TYPE wk_edge_sync_backlog gauge\n"
                + "wk_edge_sync_backlog " + s.get("backlog") + "\n"
                + "# HELP wk_edge_sync_acked_seq Highest journal seq HQ acknowledged (contiguous).\n"
                + "# TYPE wk_edge_sync_acked_seq gauge\n"
                + "wk_edge_sync_acked_seq " + s.get("ackedSeq") + "\n"
                + "# HELP wk_edge_sync_last_ack_timestamp_seconds When HQ last acknowledged (HQ's clock), 0 never.\n"
                + "# TYPE wk_edge_sync_last_ack_timestamp_seconds gauge\n"
                + "wk_edge_sync_last_ack_timestamp_seconds " + lastAckEpoch + "\n"
                + "# HELP wk_edge_sync_connected 1 while connected to the broker.\n"
                + "# TYPE wk_edge_sync_connected gauge\n"
                + "wk_edge_sync_connected " + (Boolean.TRUE.equals(s.get("connected")) ? 1 : 0) + "\n"
                + "# HELP wk_edge_sync_downstream_version HQ data version in force.\n"
                + "# TYPE wk_edge_sync_downstream_version gauge\n"
                + "wk_edge_sync_downstream_version " + s.get("downstreamVersion") + "\n"
                + "# HELP wk_edge_sync_downstream_rejected_total Downstream messages refused (signature, tenant, content).\n"
                + "# TYPE wk_edge_sync_downstream_rejected_total counter\n"
                + "wk_edge_sync_downstream_rejected_total " + s.get("downstreamRejected") + "\n";
    }

    @Override
    public String statusHtml(LocalTimes local) {
        if (current.get().isEmpty()) {
            return "<h2>Sync with HQ</h2><p>Not configured: plug in a provisioning USB key (see the README).</p>";
        }
        Map<String, Object> s = status();
        boolean up = Boolean.TRUE.equals(s.get("connected"));
        return "<h2>Sync with HQ</h2><table>"
                + "<tr><th>Broker</th><td><code>" + StatusPage.esc(String.valueOf(s.get("broker"))) + "</code> <span class=\""
                + (up ? "ok\">connected" : "bad\">not connected " + StatusPage.esc(String.valueOf(s.get("lastError"))))
                + "</span></td></tr>"
                + "<tr><th>Tenant / branch</th><td>" + StatusPage.esc(s.get("tenant") + " / " + s.get("branch")) + "</td></tr>"
                + "<tr><th>Acked by HQ</th><td>seq " + s.get("ackedSeq") + " at " + StatusPage.esc(local.of(
                (String) s.get("lastAckAt"))) + "</td></tr>"
                + "<tr><th>Backlog</th><td>" + s.get("backlog") + " entries</td></tr>"
                + "<tr><th>HQ data version</th><td>" + s.get("downstreamVersion") + "</td></tr></table>";
    }
}

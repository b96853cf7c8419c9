package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.catalog.Catalog;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.drivers.usb.UsbDevices;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The technician's status page at {@code /}: plain server-rendered HTML, no scripts, refreshes itself. */
final class StatusPage {
    private StatusPage() {
    }

    static String render(AgentInfo info, Journal journal, Catalog catalog, Clock clock,
                         Map<String, Map<String, String>> deviceStates, UsbDevices.Scan usb, int pendingReceipts,
                         String moduleSections, List<String> screenUrls) {
        Head head = journal.head();
        boolean writerOk = journal.writerHealthy(Duration.ofSeconds(10));
        Duration up = Duration.between(info.startedAt(), clock.instant());
        StringBuilder devices = new StringBuilder();
        for (Map.Entry<String, Map<String, String>> d : deviceStates.entrySet()) {
            Map<String, String> st = d.getValue();
            boolean ready = "ONLINE".equals(st.get("status")) || "PAPER_NEAR_END".equals(st.get("status"));
            devices.append("<tr><th>").append(esc(d.getKey())).append("</th><td><code>").append(esc(st.get("uri")))
                    .append("</code></td><td class=\"").append(ready ? "ok" : "bad").append("\">")
                    .append(esc(st.get("status"))).append("</td><td>").append(esc(st.get("detail"))).append("</td></tr>");
        }
        if (deviceStates.isEmpty()) {
            devices.append("<tr><td colspan=4>no devices configured</td></tr>");
        }
        devices.append("<tr><th>receipts waiting</th><td colspan=3>").append(pendingReceipts).append("</td></tr>");
        StringBuilder usbRows = new StringBuilder();
        if (!usb.usable()) {
            usbRows.append("<tr><th>USB</th><td class=\"bad\">").append(esc(usb.problem())).append("</td></tr>");
        } else if (usb.devices().isEmpty()) {
            usbRows.append("<tr><th>USB</th><td>no known receipt printer, barcode scanner or card terminal plugged in</td></tr>");
        }
        for (UsbDevices.Found f : usb.devices()) {
            usbRows.append("<tr><th>").append(esc(f.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))).append("</th><td>")
                    .append(esc(f.model())).append(" <code>").append(esc(f.id().toString())).append("</code> ")
                    .append(esc(f.product())).append(", bus ").append(f.bus()).append(" address ").append(f.address())
                    .append("</td></tr>");
        }
        LocalTimes local = new LocalTimes(info.zone());
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
                <title>WK Edge — %s</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2rem;max-width:56rem;color:#222}
                h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:1.5rem}
                table{border-collapse:collapse} th,td{text-align:left;padding:.25rem 1rem .25rem 0;vertical-align:top}
                th{font-weight:600;color:#555} code{font-size:.9rem;word-break:break-all}
                .ok{color:#07672f} .bad{color:#b00020;font-weight:700}
                </style></head><body>
                <h1>WK Edge branch box — %s</h1>
                <table>
                <tr><th>Status</th><td class="%s">%s</td></tr>
                <tr><th>Device id</th><td><code>%s</code></td></tr>
                <tr><th>Version</th><td>%s</td></tr>
                <tr><th>Up</th><td>%s, since %s</td></tr>
                <tr><th>Local time</th><td>%s (%s)</td></tr>
                </table>
                <h2>Journal</h2>
                <table>
                <tr><th>Entries (seq)</th><td>%d</td></tr>
                <tr><th>Head hash</th><td><code>%s</code></td></tr>
                <tr><th>Writer</th><td>%s, %d waiting</td></tr>
                </table>
                <h2>Catalog</h2>
                <table><tr><th>Version</th><td>%d</td></tr><tr><th>Items</th><td>%d</td></tr></table>
                <h2>Devices</h2>
                <table>%s</table>
                <h2>USB</h2>
                <table>%s</table>
                %s
                <h2>POS screens</h2>
                <p>The reference POS screen: <a href="/pos/">/pos/</a>; the back office: <a href="/backoffice/">/backoffice/</a>.
                Screens on the store's network reach this box at
                %s.</p>
                <h2>For POS screen developers</h2>
                <p><a href="/api/v1/openapi.json">OpenAPI document</a> · <a href="/api/v1/health">health</a> ·
                <a href="/metrics">metrics</a> · <a href="/api/v1/products?q=coffee">products?q=coffee</a></p>
                </body></html>
                """.formatted(esc(info.branchName()), esc(info.branchName()), writerOk ? "ok" : "bad",
                writerOk ? "UP" : "DOWN — journal writer stuck", esc(journal.deviceId()), esc(info.version()),
                formatUptime(up), local.of(info.startedAt()), local.of(clock.instant()), esc(info.zone().getId()), head.seq(), esc(head.hash()), writerOk ? "healthy" : "STUCK", journal.backlog(),
                catalog.version(), catalog.size(), devices, usbRows, moduleSections, screenUrls.isEmpty() ? "no network address yet"
                : String.join(" or ", screenUrls.stream().map(u -> "<code>" + esc(u) + "</code>").toList()));
    }

    private static String formatUptime(Duration d) {
        return d.toDaysPart() + " d " + d.toHoursPart() + " h " + d.toMinutesPart() + " min";
    }

    /** Minor units as {@code 1.234,56 €}. */
    static String money(long minor) {
        return String.format(java.util.Locale.GERMANY, "%,.2f €", minor / 100.0);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

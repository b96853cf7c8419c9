package com.wkpos.edge.agent.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The license's journal entries, each projected into the audit trail: a license installed, a token
 * or reply refused, a clock jump, a move on the grace ladder. Heartbeats themselves are not
 * journaled (one every 30 s would swamp the journal); their effect is in the signed state file.
 */
final class LicenseAudit {
    static final String INSTALLED = "license.installed";
    static final String REJECTED = "license.rejected";
    static final String CLOCK_JUMP = "license.clock-jump";
    static final String LEVEL = "license.level-changed";

    private final Journal journal;

    LicenseAudit(Journal journal) {
        this.journal = journal;
    }

    static void register(Projections.Builder b) {
        b.on(INSTALLED, (ctx, e, p) -> audit(ctx, e, p, "license.install", "license:" + p.required("licenseId").asText(),
                "seq=" + p.required("seq").asLong() + " tenant=" + p.required("tenant").asText() + " plan="
                        + p.required("plan").asText() + " exp=" + p.required("exp").asText() + " device="
                        + p.required("device").asText() + " sha256=" + p.required("sha256").asText()));
        b.on(REJECTED, (ctx, e, p) -> audit(ctx, e, p, "license.reject", "license",
                p.required("reason").asText() + ": " + p.required("detail").asText()));
        b.on(CLOCK_JUMP, (ctx, e, p) -> audit(ctx, e, p, "clock.jump", "clock",
                "wall clock stepped " + p.required("bySeconds").asLong() + " s to " + p.required("wall").asText()
                        + " (ignored; trusted time " + p.required("at").asText() + ")"));
        b.on(LEVEL, (ctx, e, p) -> audit(ctx, e, p, "license.level", "license",
                p.required("from").asText() + " -> " + p.required("to").asText() + ": " + p.required("detail").asText()));
    }

    private static void audit(ProjectionContext ctx, JournalEntry e, JsonNode p, String action, String subject,
                              String detail) throws SQLException {
        Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(), action, subject, detail);
    }

    void record(String type, Instant at, String actor, Map<String, Object> fields) {
        Map<String, Object> payload = new LinkedHashMap<>(fields);
        payload.put("at", at.toString());
        payload.put("actor", actor);
        journal.submit(tx -> tx.append(type, payload)).join();
    }
}

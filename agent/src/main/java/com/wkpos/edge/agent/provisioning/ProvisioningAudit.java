package com.wkpos.edge.agent.provisioning;

import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.Projections;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Provisioning's journal entries: one {@code provisioning.step} per step of applying a bundle (received,
 * verified, key made, enrolled, staged, swapped, applied, slip printed) and one {@code provisioning.refused}
 * per refusal, each projected into the audit trail. Secrets (the token, the private key) never appear.
 */
final class ProvisioningAudit {
    static final String STEP = "provisioning.step";
    static final String REFUSED = "provisioning.refused";
    static final String RESET = "provisioning.reset";

    private final Journal journal;

    ProvisioningAudit(Journal journal) {
        this.journal = journal;
    }

    static void register(Projections.Builder b) {
        b.on(STEP, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(), "usb-key",
                "provisioning." + p.required("step").asText(), "bundle:" + p.required("bundle").asText(),
                p.required("detail").asText()));
        b.on(REFUSED, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(), "usb-key", "provisioning.refuse",
                "bundle:" + p.required("bundle").asText(), p.required("reason").asText() + ": "
                        + p.required("detail").asText()));
        b.on(RESET, (ctx, e, p) -> Audit.record(ctx, e, p.required("at").asText(), p.required("actor").asText(),
                "provisioning.reset", "box", p.required("detail").asText()));
    }

    void step(Instant at, String bundle, String step, String detail) {
        append(STEP, at, Map.of("bundle", bundle, "step", step, "detail", detail));
    }

    void refused(Instant at, String bundle, String reason, String detail) {
        append(REFUSED, at, Map.of("bundle", bundle, "reason", reason, "detail", detail));
    }

    void reset(Instant at, String actor, String detail) {
        append(RESET, at, Map.of("actor", actor, "detail", detail));
    }

    private void append(String type, Instant at, Map<String, String> fields) {
        Map<String, Object> payload = new LinkedHashMap<>(fields);
        payload.put("at", at.toString());
        journal.submit(tx -> tx.append(type, payload)).join();
    }
}

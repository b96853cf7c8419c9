package com.wkpos.edge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.CustomerProfile;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * HQ's {@code customers} section: profiles that became the last writer at HQ (a delta carries the
 * changed ones, a snapshot all), each merged through {@link CustomerMerge}. Merging is idempotent, so a
 * re-applied version changes nothing. A profile whose clock drifts too far, or that the till cannot use,
 * is skipped, logged and counted rather than refusing the version, which would stop every later price
 * change at this branch.
 */
public final class CustomerSection implements DownstreamSection {
    public static final String NAME = "customers";
    private final CustomerMerge merge;
    private final AtomicLong rejected = new AtomicLong();

    public CustomerSection(CustomerMerge merge) {
        this.merge = merge;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void apply(long version, JsonNode value) {
        if (!value.isObject()) {
            throw new IllegalArgumentException("customers must map id to profile");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                if (merge.merge(profile(e.getKey(), e.getValue())) == CustomerMerge.Outcome.REJECTED_DRIFT) {
                    skip(e.getKey(), version, "its clock is too far ahead");
                }
            } catch (IllegalArgumentException bad) {
                skip(e.getKey(), version, bad.getMessage());
            }
        }
    }

    private static CustomerProfile profile(String id, JsonNode p) {
        Map<String, String> fields = new TreeMap<>();
        p.path("fields").fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText()));
        return new CustomerProfile(id, p.path("hlc").asLong(), p.path("device").asText(null), fields);
    }

    private void skip(String id, long version, String why) {
        rejected.incrementAndGet();
        Logger.warn("customer {} in HQ version {} not merged: {}", id, version, why);
    }

    /** Profiles skipped (clock drift, unusable data) since start. */
    public long rejected() {
        return rejected.get();
    }
}

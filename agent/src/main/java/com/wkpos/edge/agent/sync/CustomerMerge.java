package com.wkpos.edge.agent.sync;

import com.wkpos.edge.protocol.CustomerProfile;
import com.wkpos.edge.protocol.HybridLogicalClock;
import java.util.Optional;

/**
 * The branch's side of customer profiles that travel both ways: an incoming version replaces the local
 * one only when it is the last writer (greater HLC, the device id breaking ties); one whose clock is
 * further ahead than the drift bound is rejected and reported, and never moves the local clock.
 * The till's customer module supplies the {@link Store}.
 */
public final class CustomerMerge {
    /** Where the branch keeps its customer profiles. */
    public interface Store {
        Optional<CustomerProfile> find(String id);

        void put(CustomerProfile profile);
    }

    /** What became of an incoming profile. */
    public enum Outcome { APPLIED, KEPT_LOCAL, REJECTED_DRIFT }

    private final Store store;
    private final HybridLogicalClock clock;

    public CustomerMerge(Store store, HybridLogicalClock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Outcome merge(CustomerProfile incoming) {
        try {
            clock.receive(incoming.hlc());
        } catch (IllegalArgumentException drift) {
            org.tinylog.Logger.warn("customer {} from device {} rejected: {}", incoming.id(), incoming.device(),
                    drift.getMessage());
            return Outcome.REJECTED_DRIFT;
        }
        Optional<CustomerProfile> local = store.find(incoming.id());
        if (local.isPresent() && !incoming.supersedes(local.get())) {
            return Outcome.KEPT_LOCAL;
        }
        store.put(incoming);
        return Outcome.APPLIED;
    }
}

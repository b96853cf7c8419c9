package com.wkpos.edge.agent.sync;

import com.wkpos.edge.protocol.SupplyCommand;

/**
 * Where HQ's supply commands for this branch go once their signature, tenant and branch checked out
 * (ADR 013). The sync client hands over only the command that follows the last one applied.
 */
public interface SupplyReceiver {
    /** The seq of the last command applied, 0 for none. */
    long lastApplied();

    /**
     * Journals and applies the command.
     *
     * @return false when it is not the one after the last applied (nothing happened; the caller pulls)
     */
    boolean apply(SupplyCommand command);
}

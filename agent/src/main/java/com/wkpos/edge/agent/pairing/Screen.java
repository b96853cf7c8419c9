package com.wkpos.edge.agent.pairing;

/**
 * A POS screen paired with this box. {@code revokedAt} is null while its token is good.
 */
public record Screen(String id, String name, String pairedAt, String pairedFrom, String revokedAt, String revokedBy) {
    public boolean revoked() {
        return revokedAt != null;
    }

    /** How the screen appears as the origin of journal entries. */
    public String actor() {
        return "screen:" + id;
    }
}

package com.wkpos.edge.agent.staff;

import com.wkpos.edge.provisioning.crypto.PinHash;

/**
 * One user of the branch. {@code pinHash} is an Argon2id PHC string ({@link PinHash}); the PIN itself
 * is never stored.
 */
public record StaffMember(String id, String name, Role role, String pinHash) {
    public StaffMember {
        if (id == null || !id.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("staff id must be 1-64 letters, digits, '.', '_' or '-', was " + id);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("staff " + id + " needs a name");
        }
        if (role == null) {
            throw new IllegalArgumentException("staff " + id + " needs a role (CASHIER, MANAGER or ADMIN)");
        }
        if (pinHash == null || !pinHash.startsWith(PinHash.PREFIX)) {
            throw new IllegalArgumentException("staff " + id + ": pinHash must be an Argon2id hash ("
                    + PinHash.PREFIX + "…), made with 'wk-edge staff hash-pin'; PINs are never stored in clear");
        }
    }

    /** How the member appears as the actor of journal entries. */
    public String actor() {
        return "staff:" + id;
    }
}

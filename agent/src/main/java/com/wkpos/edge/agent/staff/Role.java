package com.wkpos.edge.agent.staff;

/** What a staff member may do: managers and admins approve; admins also manage the branch. */
public enum Role {
    CASHIER, MANAGER, ADMIN;

    public boolean approves() {
        return this != CASHIER;
    }
}

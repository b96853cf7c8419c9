package com.wkpos.edge.agent.sale;

/**
 * Who rings a sale up: the journal's actor, the staff member's id (null for a caller that is no staff
 * member, such as a benchmark), and the name the receipt and the fiscal export print.
 */
public record Cashier(String actor, String staffId, String name) {
    public Cashier {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("a cashier needs an actor, was '" + actor + "'");
        }
        if (name == null || name.isBlank()) {
            name = actor;
        }
    }

    /** A caller known only as an actor (tests, benchmarks): the sale goes to the till's latest open shift. */
    public static Cashier actor(String actor) {
        return new Cashier(actor, null, actor);
    }
}

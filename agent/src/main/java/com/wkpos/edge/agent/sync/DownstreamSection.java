package com.wkpos.edge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A part of HQ's signed downstream data that another capability owns at the branch (exchange rates and
 * users for the till, for example). The sync client has already checked the signature and that the
 * version sits on the one before it; the section applies the value and journals it. Called on the
 * sync thread, in version order, once per version that carries the section.
 */
public interface DownstreamSection {
    /** The section's key in {@code Downstream.sections}, e.g. {@code exchangeRates}. */
    String name();

    /**
     * @param version  the downstream version this value belongs to
     * @param value    the whole section (snapshots and deltas both carry sections whole)
     * @throws IllegalArgumentException when the value is unusable; the version is then refused
     */
    void apply(long version, JsonNode value);
}

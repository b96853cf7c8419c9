package com.wkpos.edge.agent.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;

/**
 * Applies one type of journal entry to the state tables. The same code runs when the entry is first
 * written (inside its transaction) and when {@code journal verify} replays the journal into an empty
 * database, so a projection can always be rebuilt from the journal alone.
 *
 * <p>Must be deterministic: everything it writes comes from the entry, never from the clock or a
 * random source.
 */
@FunctionalInterface
public interface Projector {
    void apply(ProjectionContext context, JournalEntry entry, JsonNode payload) throws SQLException;
}

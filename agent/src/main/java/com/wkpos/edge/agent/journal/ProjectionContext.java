package com.wkpos.edge.agent.journal;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** What a {@link Projector} may touch: prepared statements on the connection of the open transaction. */
public interface ProjectionContext {
    /** A prepared statement for {@code sql}, cached per connection; parameters are cleared by the caller. */
    PreparedStatement statement(String sql) throws SQLException;
}

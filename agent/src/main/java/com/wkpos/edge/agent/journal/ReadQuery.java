package com.wkpos.edge.agent.journal;

import java.sql.Connection;
import java.sql.SQLException;

/** A read on a pooled read-only connection, inside one read transaction (a consistent snapshot). */
@FunctionalInterface
public interface ReadQuery<T> {
    T read(Connection connection) throws SQLException;
}

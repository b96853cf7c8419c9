package com.wkpos.edge.agent.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.tinylog.Logger;

/** Prepared statements kept per connection; SQLite compiles each SQL text once. Not thread-safe. */
final class StatementCache implements ProjectionContext, AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> cache = new HashMap<>();

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    PreparedStatement get(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    @Override
    public PreparedStatement statement(String sql) throws SQLException {
        return get(sql);
    }

    @Override
    public void close() {
        for (PreparedStatement ps : cache.values()) {
            try {
                ps.close();
            } catch (SQLException e) {
                Logger.debug("closing a cached statement: {}", e.getMessage());
            }
        }
        cache.clear();
    }
}

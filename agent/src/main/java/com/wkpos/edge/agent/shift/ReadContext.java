package com.wkpos.edge.agent.shift;

import com.wkpos.edge.agent.journal.ProjectionContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Lets report code written for the writer's statements run on a read connection; closes what it prepared. */
public final class ReadContext implements ProjectionContext, AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    public ReadContext(Connection connection) {
        this.connection = connection;
    }

    @Override
    public PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = prepared.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            prepared.put(sql, ps);
        }
        return ps;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : prepared.values()) {
            ps.close();
        }
    }
}

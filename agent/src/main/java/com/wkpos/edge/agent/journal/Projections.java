package com.wkpos.edge.agent.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which {@link Projector} applies each journal entry type, and which state tables are projections
 * (compared against a replay by {@code journal verify}). Built once in the composition root.
 */
public final class Projections {
    /** The first entry of every journal: the box's identity. */
    public static final String DEVICE_INITIALIZED = "device.initialized";

    private final Map<String, Projector> byType;
    private final List<Projector> everyEntry;
    private final List<ProjectionTable> tables;

    private Projections(Map<String, Projector> byType, List<Projector> everyEntry, List<ProjectionTable> tables) {
        this.byType = Map.copyOf(byType);
        this.everyEntry = List.copyOf(everyEntry);
        this.tables = List.copyOf(tables);
    }

    /**
     * A state table rebuilt from the journal.
     *
     * @param orderBy   a total order over its rows (its key)
     * @param seqColumn the column naming the journal entry that last wrote a row
     */
    public record ProjectionTable(String name, String orderBy, String seqColumn) {
        public ProjectionTable {
            if (!name.matches("[a-z_]+") || !orderBy.matches("[a-z_, ]+") || !seqColumn.matches("[a-z_]+")) {
                throw new IllegalArgumentException("bad projection table " + name + " / " + orderBy + " / " + seqColumn);
            }
        }
    }

    public static Builder builder() {
        return new Builder()
                .on(DEVICE_INITIALIZED, (ctx, e, p) -> {
                    var insert = ctx.statement("INSERT INTO device (id, created_at, seq) VALUES (?, ?, ?)");
                    insert.setString(1, p.required("deviceId").asText());
                    insert.setString(2, p.required("createdAt").asText());
                    insert.setLong(3, e.seq());
                    insert.executeUpdate();
                })
                .table("device", "id", "seq")
                .table("audit", "id", "seq");
    }

    /** The entry type's projector, followed by those that apply to every entry. */
    Projector projector(String type) {
        Projector p = byType.get(type);
        if (p == null) {
            throw new IllegalStateException("no projector for journal entry type " + type);
        }
        if (everyEntry.isEmpty()) {
            return p;
        }
        return (ctx, e, payload) -> {
            p.apply(ctx, e, payload);
            for (Projector shape : everyEntry) {
                shape.apply(ctx, e, payload);
            }
        };
    }

    List<ProjectionTable> tables() {
        return tables;
    }

    public static final class Builder {
        private final Map<String, Projector> byType = new HashMap<>();
        private final List<ProjectionTable> tables = new ArrayList<>();
        private final List<Projector> everyEntry = new ArrayList<>();

        public Builder on(String type, Projector projector) {
            if (byType.putIfAbsent(type, projector) != null) {
                throw new IllegalArgumentException("two projectors for " + type);
            }
            return this;
        }

        /**
         * A projector that sees every entry after its type's own, keyed on the payload's shape (such as
         * a {@code fiscal} field): a capability that follows what others journal without each of them
         * calling it.
         */
        public Builder everyEntry(Projector projector) {
            everyEntry.add(projector);
            return this;
        }

        public Builder table(String name, String orderBy, String seqColumn) {
            tables.add(new ProjectionTable(name, orderBy, seqColumn));
            return this;
        }

        public Projections build() {
            return new Projections(byType, everyEntry, tables);
        }
    }
}

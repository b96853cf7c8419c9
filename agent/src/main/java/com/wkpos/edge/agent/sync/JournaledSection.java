package com.wkpos.edge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.Audit;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.Projections;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A downstream section the till swaps in as a whole: the value is parsed and checked first (a bad
 * value refuses the version and changes nothing), journaled with its version, and only after the
 * commit put in force. The last value in force is a projection, so a restart puts it back
 * ({@link #restore}) even while HQ is unreachable.
 *
 * @param <T> what the till uses (a staff directory, exchange rates)
 */
public final class JournaledSection<T> implements DownstreamSection {
    static final String APPLIED = "downstream.section-applied";

    private final String name;
    private final Journal journal;
    private final Clock clock;
    private final Function<JsonNode, T> parse;
    private final BiConsumer<Long, T> inForce;

    /**
     * @param parse   turns HQ's value into the till's; throws {@link IllegalArgumentException} when unusable
     * @param inForce puts a parsed value in force (called after the commit, and by {@link #restore})
     */
    public JournaledSection(String name, Journal journal, Clock clock, Function<JsonNode, T> parse,
                            BiConsumer<Long, T> inForce) {
        this.name = name;
        this.journal = journal;
        this.clock = clock;
        this.parse = parse;
        this.inForce = inForce;
    }

    public static void register(Projections.Builder projections) {
        projections.on(APPLIED, (ctx, e, p) -> {
            var upsert = ctx.statement("INSERT INTO downstream_sections (name, version, value, seq) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO UPDATE SET version = excluded.version, value = excluded.value,"
                    + " seq = excluded.seq");
            upsert.setString(1, p.required("section").asText());
            upsert.setLong(2, p.required("version").asLong());
            upsert.setString(3, CanonicalJson.write(p.required("value")));
            upsert.setLong(4, e.seq());
            upsert.executeUpdate();
            Audit.record(ctx, e, p.required("at").asText(), "hq", "downstream.section",
                    "section:" + p.required("section").asText(), "version=" + p.required("version").asLong());
        }).table("downstream_sections", "name", "seq");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void apply(long version, JsonNode value) {
        T parsed = parse.apply(value);
        journal.submit(tx -> tx.append(APPLIED, Map.of("section", name, "version", version, "value", value,
                "at", clock.instant().toString()))).join();
        inForce.accept(version, parsed);
    }

    /** Puts the last journaled value back in force; returns its version, or empty when HQ never sent one. */
    public Optional<Long> restore() {
        Optional<Map.Entry<Long, String>> row = journal.read(c -> {
            try (var ps = c.prepareStatement("SELECT version, value FROM downstream_sections WHERE name = ?")) {
                ps.setString(1, name);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(Map.entry(rs.getLong(1), rs.getString(2))) : Optional.empty();
                }
            }
        });
        row.ifPresent(r -> inForce.accept(r.getKey(), parse.apply(CanonicalJson.read(r.getValue()))));
        return row.map(Map.Entry::getKey);
    }
}

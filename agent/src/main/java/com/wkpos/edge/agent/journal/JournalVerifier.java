package com.wkpos.edge.agent.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code wk-edge journal verify}: re-walks the hash chain, runs the domain checks (ledger balance,
 * gapless invoice numbers, …) and replays the whole journal into an empty database to prove every
 * projection equals what the journal says. Reads one consistent snapshot; writes nothing, so it may
 * run beside a live agent.
 */
public final class JournalVerifier {
    /** A domain check over the live database; returns the first bad entry it finds. */
    public interface Check {
        String name();

        Optional<Finding> run(Connection connection) throws SQLException;
    }

    /** What is wrong and the {@code seq} of the first journal entry it concerns. */
    public record Finding(String check, long seq, String detail) {
    }

    public record Report(long entries, String head, List<Finding> findings) {
        public boolean ok() {
            return findings.isEmpty();
        }

        /** The smallest bad {@code seq} over all findings. */
        public Optional<Finding> first() {
            return findings.stream().min(Comparator.comparingLong(Finding::seq));
        }
    }

    private final Projections projections;
    private final List<Check> checks;

    public JournalVerifier(Projections projections, List<Check> checks) {
        this.projections = projections;
        this.checks = List.copyOf(checks);
    }

    /** @throws IllegalArgumentException when there is no journal under {@code stateDir} */
    public Report verify(Path stateDir) {
        Path file = stateDir.resolve(Journal.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no journal at " + file);
        }
        Database.nativeTmpDirUnder(stateDir);
        try (Connection live = Database.open(file, true)) {
            Database.exec(live, "BEGIN");
            try {
                List<Finding> findings = new ArrayList<>();
                ChainResult chain = walkChain(live);
                chain.finding.ifPresent(findings::add);
                for (Check check : checks) {
                    check.run(live).ifPresent(findings::add);
                }
                replay(live).ifPresent(findings::add);
                return new Report(chain.entries, chain.head, findings);
            } finally {
                Database.exec(live, "COMMIT");
            }
        } catch (SQLException e) {
            throw new JournalUnavailableException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private record ChainResult(long entries, String head, Optional<Finding> finding) {
    }

    private static ChainResult walkChain(Connection c) throws SQLException {
        String deviceId = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM device"); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                deviceId = rs.getString(1);
            }
        }
        long expectedSeq = 1;
        String prevHash = HashChain.GENESIS;
        try (PreparedStatement ps = c.prepareStatement(JournalRows.SELECT + " ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                JournalEntry e;
                try {
                    e = JournalRows.read(rs);
                } catch (IllegalArgumentException bad) {
                    return broken(expectedSeq, prevHash, rs.getLong(1), "unreadable entry: " + bad.getMessage());
                }
                if (e.seq() != expectedSeq) {
                    return broken(expectedSeq, prevHash, expectedSeq, "gap: expected seq " + expectedSeq
                            + ", found " + e.seq());
                }
                if (!e.prevHash().equals(prevHash)) {
                    return broken(expectedSeq, prevHash, e.seq(), "prev_hash does not match the hash of seq " + (e.seq() - 1));
                }
                if (!HashChain.holds(e)) {
                    return broken(expectedSeq, prevHash, e.seq(), "hash does not match the entry's content");
                }
                if (!e.deviceId().equals(deviceId)) {
                    return broken(expectedSeq, prevHash, e.seq(), "device_id " + e.deviceId() + " is not this box's " + deviceId);
                }
                prevHash = e.hash();
                expectedSeq++;
            }
        }
        return new ChainResult(expectedSeq - 1, prevHash, Optional.empty());
    }

    private static ChainResult broken(long expectedSeq, String prevHash, long seq, String detail) {
        return new ChainResult(expectedSeq - 1, prevHash, Optional.of(new Finding("hash-chain", seq, detail)));
    }

    private Optional<Finding> replay(Connection live) throws SQLException {
        try (Connection memory = Database.openInMemory(); StatementCache statements = new StatementCache(memory)) {
            Migrations.migrate(memory, "replay");
            Database.exec(memory, "BEGIN");
            try (PreparedStatement ps = live.prepareStatement(JournalRows.SELECT + " ORDER BY seq");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JournalEntry e = JournalRows.read(rs);
                    try {
                        projections.projector(e.type()).apply(statements, e, CanonicalJson.read(e.payload()));
                    } catch (SQLException | RuntimeException bad) {
                        return Optional.of(new Finding("replay", e.seq(), "entry " + e.type()
                                + " does not replay: " + bad.getMessage()));
                    }
                }
            }
            Database.exec(memory, "COMMIT");
            Optional<Finding> first = Optional.empty();
            for (Projections.ProjectionTable table : projections.tables()) {
                Optional<Finding> diff = TableDiff.first(table, live, memory);
                if (diff.isPresent() && (first.isEmpty() || diff.get().seq() < first.get().seq())) {
                    first = diff;
                }
            }
            return first;
        }
    }
}

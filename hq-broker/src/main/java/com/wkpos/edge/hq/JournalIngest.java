package com.wkpos.edge.hq;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * Stores branch journal batches: idempotent on {@code (device_id, seq)}, a same-key-different-content
 * entry is an alarm and never an overwrite, entries above a gap are kept but not acknowledged, and
 * the acknowledged high-water mark only moves forward. Everything of one batch, including its
 * projections (stock moves, ledger postings, customer profiles, supply documents and the commands they
 * make) and the new ack, commits in one transaction; the ack is sent only after it.
 */
final class JournalIngest {
    /**
     * The outcome of one batch: what to acknowledge, what happened, and what to publish after the ack (the
     * customer profiles it made the last writer, the supply commands its steps made, in the order made).
     */
    record Result(String device, long ackedSeq, int inserted, int duplicates, int conflicts,
                  List<com.wkpos.edge.protocol.CustomerProfile> customers, List<SupplyCommand> supply) {
    }

    private final HqDatabase db;
    private final Clock clock;
    private final HqMetrics metrics;
    private final Projectors projectors;

    JournalIngest(HqDatabase db, Clock clock, HqMetrics metrics) {
        this.db = db;
        this.clock = clock;
        this.metrics = metrics;
        this.projectors = new Projectors(clock);
    }

    /**
     * Stores a batch that already passed {@link JournalBatch#problems()} and whose tenant and branch
     * match its topic.
     *
     * @return null when the batch was refused (device bound elsewhere, chain broken): alarm written
     */
    Result ingest(JournalBatch batch) {
        String now = clock.instant().toString();
        Result r = db.inTransaction(c -> {
            long acked = bindDevice(c, batch, now);
            if (acked < 0) {
                return null;
            }
            if (!chainsToStored(c, batch, now)) {
                return null;
            }
            int[] counts = insert(c, batch, now);
            int inserted = 0;
            List<JournalBatch.Entry> fresh = new ArrayList<>();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    inserted++;
                    fresh.add(batch.entries().get(i));
                }
            }
            int conflicts = inserted == counts.length ? 0 : conflicts(c, batch, now);
            List<com.wkpos.edge.protocol.CustomerProfile> customers = new ArrayList<>();
            List<SupplyCommand> supply = new ArrayList<>();
            for (JournalBatch.Entry e : fresh) {
                projectors.project(c, batch.tenant(), batch.branch(), batch.device(), e, customers, supply);
            }
            long newAck = advance(c, batch.device(), acked, now);
            return new Result(batch.device(), newAck, inserted, counts.length - inserted - conflicts, conflicts,
                    customers, List.copyOf(supply));
        });
        if (r != null) {
            metrics.add("wk_hq_entries_ingested_total", r.inserted());
            metrics.add("wk_hq_entries_duplicate_total", r.duplicates());
            metrics.add("wk_hq_entries_conflict_total", r.conflicts());
        }
        return r;
    }

    /** The device's ack so far (creating its row), or -1 when it is bound to another tenant/branch. */
    private long bindDevice(Connection c, JournalBatch batch, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_devices (device_id, tenant, branch, acked_seq,"
                + " first_seen) VALUES (?, ?, ?, 0, ?) ON CONFLICT (device_id) DO NOTHING")) {
            ps.setString(1, batch.device());
            ps.setString(2, batch.tenant());
            ps.setString(3, batch.branch());
            ps.setString(4, now);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT tenant, branch, acked_seq FROM hq_devices WHERE device_id = ?")) {
            ps.setString(1, batch.device());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getString(1).equals(batch.tenant()) || !rs.getString(2).equals(batch.branch())) {
                    Alarms.raise(c, now, "device-moved", batch.tenant(), batch.branch(), batch.device(), batch.fromSeq(),
                            "device belongs to " + rs.getString(1) + "/" + rs.getString(2));
                    metrics.rejected("device-moved");
                    return -1;
                }
                return rs.getLong(3);
            }
        }
    }

    /** The batch's first entry must chain to the stored entry before it, if HQ has that one. */
    private boolean chainsToStored(Connection c, JournalBatch batch, String now) throws SQLException {
        JournalBatch.Entry first = batch.entries().getFirst();
        if (first.seq() == 1) {
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM hq_journal WHERE device_id = ? AND seq = ?")) {
            ps.setString(1, batch.device());
            ps.setLong(2, first.seq() - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !rs.getString(1).equals(first.prevHash())) {
                    Alarms.raise(c, now, "chain-broken", batch.tenant(), batch.branch(), batch.device(), first.seq(),
                            "prev_hash " + first.prevHash() + " differs from stored hash of seq " + (first.seq() - 1));
                    metrics.rejected("chain-broken");
                    return false;
                }
            }
        }
        return true;
    }

    private static int[] insert(Connection c, JournalBatch batch, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO hq_journal (device_id, seq, tenant, branch, id, hlc,"
                + " type, payload, prev_hash, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (device_id, seq) DO NOTHING")) {
            for (JournalBatch.Entry e : batch.entries()) {
                ps.setString(1, batch.device());
                ps.setLong(2, e.seq());
                ps.setString(3, batch.tenant());
                ps.setString(4, batch.branch());
                ps.setString(5, e.id());
                ps.setLong(6, e.hlc());
                ps.setString(7, e.type());
                ps.setString(8, e.payload());
                ps.setString(9, e.prevHash());
                ps.setString(10, e.hash());
                ps.setString(11, now);
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /** Alarms for stored entries whose hash differs from the batch's; returns how many. */
    private int conflicts(Connection c, JournalBatch batch, String now) throws SQLException {
        int conflicts = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM hq_journal WHERE device_id = ?"
                + " AND seq BETWEEN ? AND ? ORDER BY seq")) {
            ps.setString(1, batch.device());
            ps.setLong(2, batch.fromSeq());
            ps.setLong(3, batch.toSeq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    JournalBatch.Entry sent = batch.entries().get((int) (rs.getLong(1) - batch.fromSeq()));
                    if (!sent.hash().equals(rs.getString(2))) {
                        conflicts++;
                        Alarms.raise(c, now, "entry-conflict", batch.tenant(), batch.branch(), batch.device(), sent.seq(),
                                "stored hash " + rs.getString(2) + " but received " + sent.hash() + "; kept the stored one");
                        Logger.error("ALARM entry-conflict device {} seq {}: stored hash differs from the resent one",
                                batch.device(), sent.seq());
                    }
                }
            }
        }
        return conflicts;
    }

    /** Moves the device's ack over every contiguous stored entry above it. */
    private static long advance(Connection c, String device, long acked, String now) throws SQLException {
        long high = acked;
        boolean more = true;
        while (more) {
            more = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM hq_journal WHERE device_id = ? AND seq > ?"
                    + " ORDER BY seq LIMIT 5000")) {
                ps.setString(1, device);
                ps.setLong(2, high);
                try (ResultSet rs = ps.executeQuery()) {
                    int n = 0;
                    while (rs.next() && rs.getLong(1) == high + 1) {
                        high++;
                        n++;
                    }
                    more = n == 5000;
                }
            }
        }
        if (high > acked) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE hq_devices SET acked_seq = ?, last_ack_at = ?"
                    + " WHERE device_id = ? AND acked_seq < ?")) {
                ps.setLong(1, high);
                ps.setString(2, now);
                ps.setString(3, device);
                ps.setLong(4, high);
                ps.executeUpdate();
            }
        }
        return high;
    }

    static JsonNode payload(JournalBatch.Entry e) {
        try {
            return SyncCodec.MAPPER.readTree(e.payload());
        } catch (java.io.IOException ex) {
            return null;
        }
    }
}

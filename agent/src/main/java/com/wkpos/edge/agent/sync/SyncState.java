package com.wkpos.edge.agent.sync;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * What the branch knows of HQ, kept in {@code sync.properties} beside the journal: the acked seq and
 * when, and the downstream version in force. Written atomically (temp file, fsync, rename). Losing an
 * update is harmless: a lower ack means resending entries HQ already has (it ignores them); a lower
 * version means a pull that re-applies what is already in force.
 */
final class SyncState {
    static final String FILE = "sync.properties";
    private final Path file;
    private long ackedSeq;
    private String lastAckAt;
    private long downstreamVersion;

    private SyncState(Path file) {
        this.file = file;
    }

    static SyncState load(Path stateDir) {
        SyncState s = new SyncState(stateDir.resolve(FILE));
        if (Files.exists(s.file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(s.file, StandardCharsets.UTF_8)) {
                p.load(r);
                s.ackedSeq = Long.parseLong(p.getProperty("acked-seq", "0"));
                s.lastAckAt = p.getProperty("last-ack-at");
                s.downstreamVersion = Long.parseLong(p.getProperty("downstream-version", "0"));
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot read " + s.file + ": " + e.getMessage(), e);
            }
        }
        return s;
    }

    synchronized long ackedSeq() {
        return ackedSeq;
    }

    synchronized String lastAckAt() {
        return lastAckAt;
    }

    synchronized long downstreamVersion() {
        return downstreamVersion;
    }

    /** Moves the ack forward (never back); returns false when {@code seq} is not above it. */
    synchronized boolean ack(long seq, String at) {
        if (seq <= ackedSeq) {
            return false;
        }
        ackedSeq = seq;
        lastAckAt = at;
        save();
        return true;
    }

    synchronized void downstreamVersion(long version) {
        downstreamVersion = version;
        save();
    }

    private void save() {
        Properties p = new Properties();
        p.setProperty("acked-seq", Long.toString(ackedSeq));
        if (lastAckAt != null) {
            p.setProperty("last-ack-at", lastAckAt);
        }
        p.setProperty("downstream-version", Long.toString(downstreamVersion));
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try {
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
                 Writer w = java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8)) {
                p.store(w, "WK Edge sync state");
                w.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // the in-memory state stands; the next ack writes again (see the class comment for why this is safe)
            org.tinylog.Logger.warn("cannot save {}: {}", file, e.getMessage());
        }
    }
}

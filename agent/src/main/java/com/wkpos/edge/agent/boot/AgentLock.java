package com.wkpos.edge.agent.boot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on {@code STATE_DIR/agent.lock}, held by a running agent for its whole life, so that
 * commands that must not run beside it ({@code agent reset}) can tell. The OS drops the lock when the
 * process dies, so a crashed agent never leaves a stale one.
 */
final class AgentLock implements AutoCloseable {
    static final String FILE = "agent.lock";
    private final FileChannel channel;
    private final FileLock lock;

    private AgentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another agent (in this or another process) holds it. */
    static Optional<AgentLock> tryAcquire(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            FileChannel ch = FileChannel.open(stateDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException heldHere) {
                l = null;
            }
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new AgentLock(ch, l));
        } catch (IOException e) {
            throw new IllegalStateException("cannot lock " + stateDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    /** @throws IllegalStateException when an agent already runs on {@code stateDir} */
    static AgentLock acquire(Path stateDir) {
        return tryAcquire(stateDir).orElseThrow(() -> new IllegalStateException("another agent is running on "
                + stateDir + " (it holds " + FILE + ")"));
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}

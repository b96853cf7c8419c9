package com.wkpos.edge.agent.journal;

/**
 * The journal could not commit or read: disk full, I/O error, the database locked by another process
 * for longer than the busy timeout, or the journal closed. Nothing of the failed work was written.
 */
public final class JournalUnavailableException extends RuntimeException {
    public JournalUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

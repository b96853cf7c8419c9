package com.wkpos.edge.provisioning.crypto;

/** A signed token that is refused; {@link #reason()} says which check failed, the message says how. */
public final class JwsException extends Exception {
    /** Why a token was refused, stable for audit entries and API answers. */
    public enum Reason {
        OVERSIZED, MALFORMED, BAD_HEADER, UNKNOWN_KEY, BAD_SIGNATURE, BAD_CLAIMS
    }

    private final Reason reason;

    public JwsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

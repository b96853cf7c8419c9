package com.wkpos.edge.agent.rule;

/**
 * A till request that a business rule refuses (closing a closed shift, a wrong PIN, a refund above
 * what was paid…). Nothing was written. {@code kind} decides the answer a screen gets, {@code type}
 * is the stable problem slug and the message says exactly what to fix.
 */
public final class Refused extends RuntimeException {
    public enum Kind {
        INVALID(400), UNAUTHENTICATED(401), PAYMENT(402), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409),
        UNPROCESSABLE(422), LOCKED(423), DEVICE(503);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;
    private final String type;
    private final java.util.Map<String, Object> extensions;

    public Refused(Kind kind, String type, String message) {
        this(kind, type, message, java.util.Map.of());
    }

    /** @param extensions RFC 9457 extension members for the problem, e.g. what needs an approval */
    public Refused(Kind kind, String type, String message, java.util.Map<String, Object> extensions) {
        super(message, null, false, false);
        this.extensions = java.util.Map.copyOf(extensions);
        if (!type.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("bad problem type " + type);
        }
        this.kind = kind;
        this.type = type;
    }

    public static Refused invalid(String message) {
        return new Refused(Kind.INVALID, "invalid-request", message);
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }

    public java.util.Map<String, Object> extensions() {
        return extensions;
    }
}

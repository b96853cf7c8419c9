package com.wkpos.edge.hq.license;

/** Why the authority said no; a business outcome, with the HTTP status and problem type it maps to. */
public record Refused(Reason reason, String detail) implements Outcome {
    public enum Reason {
        INVALID_SERIAL(422), UNKNOWN_SERIAL(404), SERIAL_USED(409), SERIAL_REVOKED(409), TENANT_EXISTS(409),
        UNKNOWN_TENANT(404), LICENSE_SUSPENDED(409), LICENSE_REVOKED(409), DEVICE_LIMIT_REACHED(409),
        UNKNOWN_DEVICE(404), INVALID_REQUEST(400);

        public final int status;

        Reason(int status) {
            this.status = status;
        }

        public String slug() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}

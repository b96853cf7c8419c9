package com.wkpos.edge.agent.print;

/**
 * A receipt to print. {@code kind} COPY prints a copy banner; so does an ORIGINAL whose earlier
 * attempt was cut off by a crash (status PRINTING at pick-up), because it may have printed already.
 */
public record PrintJob(String id, String saleId, Kind kind, Status status, int attempts, String lastError) {
    public enum Kind { ORIGINAL, COPY }

    public enum Status { QUEUED, PRINTING, PRINTED }

    /** Whether this attempt must say COPY: asked as a copy, or an interrupted attempt may have printed it. */
    public boolean printAsCopy() {
        return kind == Kind.COPY || status == Status.PRINTING;
    }
}

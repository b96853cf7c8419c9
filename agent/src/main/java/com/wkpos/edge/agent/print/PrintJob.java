package com.wkpos.edge.agent.print;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A document to print: a sale's receipt, an X or Z report, or a refund or void slip. {@code kind} COPY
 * prints a copy banner; so does an ORIGINAL whose earlier attempt was cut off by a crash (status
 * PRINTING at pick-up), because it may have printed already.
 *
 * @param documentId the sale id, the Z number, the refund id, or for an X its own job id
 * @param content    what an X report printed (X reports are not kept anywhere else); null otherwise
 */
public record PrintJob(String id, Document document, String documentId, @JsonIgnore String content, Kind kind, Status status,
                       int attempts, String lastError) {
    public enum Kind { ORIGINAL, COPY }

    public enum Status { QUEUED, PRINTING, PRINTED }

    /** What is printed. A REFUND job prints the slip of a refund or of a void. */
    public enum Document { SALE, X, Z, REFUND }

    /** A sale's receipt job. */
    public static PrintJob ofSale(String id, String saleId, Kind kind, Status status, int attempts, String lastError) {
        return new PrintJob(id, Document.SALE, saleId, null, kind, status, attempts, lastError);
    }

    /** The sale this job prints the receipt of; null for a report or slip. */
    @JsonProperty("saleId")
    public String saleId() {
        return document == Document.SALE ? documentId : null;
    }

    /** Whether this attempt must say COPY: asked as a copy, or an interrupted attempt may have printed it. */
    public boolean printAsCopy() {
        return kind == Kind.COPY || status == Status.PRINTING;
    }
}

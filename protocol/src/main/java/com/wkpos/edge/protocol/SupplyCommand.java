package com.wkpos.edge.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * HQ → one branch: a step of a supply document the branch takes part in but did not make — a stock
 * transfer another branch (or HQ) moved on, a purchase order HQ sent. Numbered per branch from 1 without
 * gaps, so the box applies them in order and each once: {@code seq} at or below the last applied is a
 * redelivery and ignored, one above the next is held back until the ones before arrive (the box pulls).
 * Always travels signed ({@link SignedMessage} as the body of a {@link Command} of kind
 * {@link Command#SUPPLY}), so neither the broker nor another branch can move a branch's stock.
 *
 * @param kind   {@value #TRANSFER}, {@value #PURCHASE_ORDER} or {@value #ORDER} (a web-shop order the branch
 *               fulfils, ADR 014)
 * @param doc    the document as HQ knows it after the step (see ADR 013 for the fields)
 * @param device the box it is for, under the signature so it cannot be readdressed to another box of the
 *               branch; null until HQ sends it ({@link #to})
 */
public record SupplyCommand(String tenant, String branch, long seq, String kind, String issuedAt, JsonNode doc,
                            String device) {
    public static final String TRANSFER = "transfer";
    public static final String PURCHASE_ORDER = "purchase-order";
    public static final String ORDER = "order";

    public SupplyCommand {
        Topics.requireId("tenant", tenant);
        Topics.requireId("branch", branch);
        if (seq < 1) {
            throw new IllegalArgumentException("a supply command's seq must be >= 1, was " + seq);
        }
        if (!TRANSFER.equals(kind) && !PURCHASE_ORDER.equals(kind) && !ORDER.equals(kind)) {
            throw new IllegalArgumentException("unknown supply command kind " + kind);
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("a supply command needs its document");
        }
    }

    public SupplyCommand(String tenant, String branch, long seq, String kind, String issuedAt, JsonNode doc) {
        this(tenant, branch, seq, kind, issuedAt, doc, null);
    }

    /** The same command addressed to {@code box}. */
    public SupplyCommand to(String box) {
        return new SupplyCommand(tenant, branch, seq, kind, issuedAt, doc, box);
    }
}

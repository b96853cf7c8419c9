package com.wkpos.edge.hq;

/** An admin API error answered as {@code application/problem+json} with a stable {@code type}. */
public final class HqApiException extends RuntimeException {
    private final int status;
    private final String type;

    public HqApiException(int status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}

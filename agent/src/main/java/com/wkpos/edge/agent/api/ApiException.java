package com.wkpos.edge.agent.api;

/** A request the API refuses before any domain code runs (malformed body, too large, not found). */
final class ApiException extends RuntimeException {
    private final int status;
    private final String type;

    ApiException(int status, String type, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }
}

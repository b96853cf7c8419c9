package com.wkpos.edge.agent.api;

import io.javalin.Javalin;
import java.util.Map;

/**
 * One capability's part of the LAN API (till, sync, license…): its routes, its section of the OpenAPI
 * document, and what it adds to health and metrics. Modules live in this package so every route shares
 * one way of reading bodies and answering problems; {@link LanApi} registers them in order.
 */
public interface ApiModule {
    /** Registers routes (and {@code before} handlers) on the server; called once, before it starts. */
    void register(Javalin app);

    /**
     * Classpath resource of an OpenAPI fragment (same shape as the main document: {@code paths},
     * {@code tags}, {@code components}) merged into {@code /api/v1/openapi.json}; null for none.
     */
    default String openApiFragment() {
        return null;
    }

    /** Adds this module's section(s) to {@code /api/v1/health}. */
    default void health(Map<String, Object> body) {
    }

    /**
     * An HTML section ({@code <h2>} and a table) for the technician's status page; empty for none.
     *
     * @param local how to show a time: in the branch's zone
     */
    default String statusHtml(LocalTimes local) {
        return "";
    }

    /** Prometheus text lines (with HELP and TYPE) appended to {@code /metrics}; empty for none. */
    default String metrics() {
        return "";
    }
}

package com.wkpos.edge.hq;

import io.javalin.Javalin;

/**
 * One capability's routes on HQ's admin HTTP API (sync is one; the license authority mounts its own).
 * Registered in order before the server starts; errors thrown as {@link HqApiException} become
 * problem+json answers.
 */
@FunctionalInterface
public interface HqRoutes {
    void register(Javalin app);
}

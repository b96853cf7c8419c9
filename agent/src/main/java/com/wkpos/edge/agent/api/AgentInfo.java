package com.wkpos.edge.agent.api;

import java.time.Instant;

/** What the status page and health report say about this box besides the journal and devices. */
public record AgentInfo(String version, Instant startedAt, String branchName) {
}

package com.wkpos.edge.agent.api;

import java.time.Instant;
import java.util.Map;

/**
 * What the status page and health report say about this box besides the journal.
 *
 * @param devices role → configured device URI (e.g. {@code printer → sim})
 */
public record AgentInfo(String version, Instant startedAt, String branchName, Map<String, String> devices) {
}

package com.wkpos.edge.agent.api;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What the status page and health report say about this box besides the journal and devices.
 *
 * @param zone the branch's time zone, in which the status page shows times
 */
public record AgentInfo(String version, Instant startedAt, String branchName, ZoneId zone) {
}

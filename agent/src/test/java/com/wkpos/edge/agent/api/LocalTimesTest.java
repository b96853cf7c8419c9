package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LocalTimesTest {
    private final LocalTimes berlin = new LocalTimes(ZoneId.of("Europe/Berlin"));

    @Test
    void showsInstantsInTheBranchesZoneWithSummerTime() {
        assertThat(berlin.of(Instant.parse("2026-12-07T03:38:02.123456Z"))).isEqualTo("07.12.2026 04:38:02");
        assertThat(berlin.of("2026-07-01T22:30:00Z")).isEqualTo("02.07.2026 00:30:00");
        assertThat(berlin.clock(Instant.parse("2026-07-01T12:05:00Z"))).isEqualTo("14:05 (Europe/Berlin)");
    }

    @Test
    void rewritesTheInstantsInAMessageAndLeavesTheRest() {
        assertThat(berlin.in("licensed to acme (pro) until 2027-12-07T03:38:02Z; grace from 2027-01-01T00:00Z"))
                .isEqualTo("licensed to acme (pro) until 07.12.2027 04:38:02; grace from 01.01.2027 01:00:00");
        assertThat(berlin.in("no time here, 2026-13-45 neither")).isEqualTo("no time here, 2026-13-45 neither");
        assertThat(berlin.in(null)).isEmpty();
    }

    @Test
    void whatIsNotAnInstantIsShownAsItIs() {
        assertThat(berlin.of((String) null)).isEqualTo("never");
        assertThat(berlin.of((Instant) null)).isEqualTo("never");
        assertThat(berlin.of("yesterday")).isEqualTo("yesterday");
        assertThat(berlin.in("until 2026-02-30T10:00:00Z")).as("an impossible date stays as written")
                .isEqualTo("until 2026-02-30T10:00:00Z");
    }
}

package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T09:00:00Z"));
    private final Debouncer debouncer = new Debouncer(clock, Duration.ofMillis(500));

    @Test
    void sameCodeWithinTheWindowIsOneScan() {
        assertThat(debouncer.accept("4006381333931")).isPresent();
        clock.advance(Duration.ofMillis(499));
        assertThat(debouncer.accept("4006381333931")).isEmpty();
    }

    @Test
    void sameCodeAfterTheWindowIsASecondScan() {
        assertThat(debouncer.accept("4006381333931")).isPresent();
        clock.advance(Duration.ofMillis(500));
        assertThat(debouncer.accept("4006381333931")).hasValueSatisfying(
                scan -> assertThat(scan.at()).isEqualTo(Instant.parse("2026-11-21T09:00:00.500Z")));
    }

    @Test
    void windowCountsFromTheAcceptedScanNotFromRepeats() {
        debouncer.accept("A");
        clock.advance(Duration.ofMillis(300));
        assertThat(debouncer.accept("A")).isEmpty();
        clock.advance(Duration.ofMillis(300));
        assertThat(debouncer.accept("A")).as("600 ms after the accepted scan").isPresent();
    }

    @Test
    void differentCodesWithinTheWindowAreAllScans() {
        assertThat(debouncer.accept("A")).isPresent();
        assertThat(debouncer.accept("B")).isPresent();
        assertThat(debouncer.accept("A")).as("A, B, A is three items").isPresent();
    }

    @Test
    void clockSetBackNeverSuppressesAScan() {
        debouncer.accept("A");
        clock.advance(Duration.ofHours(-1));
        assertThat(debouncer.accept("A")).isPresent();
    }

    @Test
    void zeroWindowTurnsDedupeOff() {
        Debouncer off = new Debouncer(clock, Duration.ZERO);
        assertThat(off.accept("A")).isPresent();
        assertThat(off.accept("A")).isPresent();
    }
}

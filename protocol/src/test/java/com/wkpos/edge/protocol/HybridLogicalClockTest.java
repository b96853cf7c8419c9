package com.wkpos.edge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class HybridLogicalClockTest {
    private final MutableClock wall = new MutableClock(1_700_000_000_000L);
    private final HybridLogicalClock hlc = new HybridLogicalClock(wall, 60_000);

    @Test
    void timestampsNeverGoBackwardsWhenTheWallClockIsSetBack() {
        long first = hlc.now();
        wall.millis -= 10_000;
        long second = hlc.now();
        assertThat(second).isGreaterThan(first);
        assertThat(HybridLogicalClock.millis(second)).isEqualTo(HybridLogicalClock.millis(first));
    }

    @Test
    void eventsInTheSameMillisecondAreOrderedByTheLogicalCounter() {
        long a = hlc.now();
        long b = hlc.now();
        assertThat(HybridLogicalClock.logical(b)).isEqualTo(HybridLogicalClock.logical(a) + 1);
    }

    @Test
    void receivingALaterRemoteTimestampMovesOurClockPastIt() {
        long remote = HybridLogicalClock.pack(wall.millis + 5_000, 7);
        long merged = hlc.receive(remote);
        assertThat(merged).isGreaterThan(remote);
        assertThat(hlc.now()).isGreaterThan(merged);
    }

    @Test
    void remoteTimestampBeyondTheDriftBoundIsRejected() {
        long remote = HybridLogicalClock.pack(wall.millis + 120_000, 0);
        assertThatThrownBy(() -> hlc.receive(remote)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ahead of the wall clock");
    }

    @Test
    void restartContinuesAfterThePersistedTimestamp() {
        long persisted = HybridLogicalClock.pack(wall.millis + 1_000, 3);
        hlc.advanceTo(persisted);
        assertThat(hlc.now()).isGreaterThan(persisted);
    }

    private static final class MutableClock extends Clock {
        long millis;

        MutableClock(long millis) {
            this.millis = millis;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}

package com.wkpos.edge.agent.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PairingCodesTest {
    private final Instant t0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aGoodPairingResetsTheMissCountSoOnlyFiveInARowLock() {
        PairingCodes codes = new PairingCodes();
        codes.add(PairingCodes.sha256("123456"), "c1", t0.plus(PairingCodes.LIFETIME));
        for (int i = 0; i < 4; i++) {
            assertThat(codes.redeem("999999", t0)).isInstanceOf(PairingCodes.Missed.class);
        }
        assertThat(codes.redeem("123-456", t0)).isEqualTo(new PairingCodes.Accepted("c1"));
        assertThat(codes.redeem("999999", t0)).isEqualTo(new PairingCodes.Missed("wrong pairing code", 1, null));
        assertThat(codes.locked(t0)).isFalse();
    }

    @Test
    void theLockEndsAfterFifteenMinutes() {
        PairingCodes codes = new PairingCodes();
        for (int i = 0; i < 4; i++) {
            codes.redeem("999999", t0);
        }
        assertThat(codes.redeem("999999", t0)).isEqualTo(new PairingCodes.Missed("wrong pairing code", 5,
                t0.plus(PairingCodes.LOCK)));
        assertThat(codes.redeem("999999", t0.plus(PairingCodes.LOCK).minusMillis(1)))
                .isEqualTo(new PairingCodes.Locked(t0.plus(PairingCodes.LOCK)));
        assertThat(codes.refusedWhileLocked()).isEqualTo(1);
        assertThat(codes.redeem("999999", t0.plus(PairingCodes.LOCK))).isInstanceOf(PairingCodes.Missed.class);
    }

    @Test
    void liveCodesAreCappedAndTheOldestGoesFirst() {
        PairingCodes codes = new PairingCodes();
        for (int i = 0; i <= PairingCodes.MAX_LIVE; i++) {
            codes.add(PairingCodes.sha256("10000" + i), "c" + i, t0.plus(Duration.ofMinutes(5)));
        }
        assertThat(codes.live(t0)).isEqualTo(PairingCodes.MAX_LIVE);
        assertThat(codes.redeem("100000", t0)).isInstanceOf(PairingCodes.Missed.class);
        assertThat(codes.redeem("1000010", t0)).isEqualTo(new PairingCodes.Accepted("c10"));
    }
}

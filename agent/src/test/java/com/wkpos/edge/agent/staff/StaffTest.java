package com.wkpos.edge.agent.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaffTest {
    @TempDir
    Path dir;

    @Test
    void pinHashesAreSaltedAndVerify() {
        String a = PinHash.hash("1234");
        assertThat(a).startsWith("$argon2id$v=19$");
        assertThat(PinHash.hash("1234")).isNotEqualTo(a);
        assertThat(PinHash.matches("1234", a)).isTrue();
        assertThat(PinHash.matches("1235", a)).isFalse();
    }

    @Test
    void fiveWrongPinsLockTheUserForFifteenMinutes() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T09:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (Journal journal = Journal.open(dir, clock, Agent.projections())) {
            Staff staff = new Staff(journal, StaffDirectory.demo(), clock);
            for (int i = 1; i <= 4; i++) {
                assertThatThrownBy(() -> staff.login("anna", "0000", "test")).isInstanceOf(Refused.class)
                        .extracting(e -> ((Refused) e).kind()).isEqualTo(Refused.Kind.UNAUTHENTICATED);
            }
            assertThatThrownBy(() -> staff.login("anna", "0000", "test"))
                    .extracting(e -> ((Refused) e).kind()).isEqualTo(Refused.Kind.LOCKED);
            assertThatThrownBy(() -> staff.login("anna", "1111", "test")).as("even the right PIN while locked")
                    .extracting(e -> ((Refused) e).kind()).isEqualTo(Refused.Kind.LOCKED);
            now.set(now.get().plus(Duration.ofMinutes(15)).plusSeconds(1));
            Staff.Session s = staff.login("anna", "1111", "test");
            assertThat(staff.session(s.token()).orElseThrow().member().id()).isEqualTo("anna");
            assertThat(staff.session("forged")).isEmpty();
        }
    }
}

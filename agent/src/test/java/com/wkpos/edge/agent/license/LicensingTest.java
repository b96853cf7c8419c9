package com.wkpos.edge.agent.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.RenewalReply;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The license on the box, driven by a fake wall clock and a fake monotonic clock. */
class LicensingTest {
    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(T0);
    private TestLicense vendor;
    private Journal journal;
    private Events events;
    private Licensing licensing;
    private String token;
    private final List<Events.Event> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vendor = new TestLicense(dir);
        journal = Journal.open(dir, clock, Agent.projections());
        events = new Events(clock);
        events.subscribe(seen::add);
        licensing = open();
        token = vendor.issue(vendor.claims(licensing.deviceThumbprint(), 5, T0, List.of("loyalty")));
        assertThat(licensing.install(token, "test")).isInstanceOf(Licensing.Accepted.class);
    }

    @AfterEach
    void stop() {
        journal.close();
        events.close();
    }

    private Licensing open() {
        return Licensing.open(dir, new LicenseSettings(Optional.of(vendor.keysFile), Optional.of(TestLicense.TENANT)),
                journal, events, clock, clock::nanos);
    }

    private LicenseStatus.Level after(Duration d) {
        clock.advance(d);
        return licensing.check().level();
    }

    /** HQ's side, in miniature: answers the box's request with its nonce and HQ time. */
    private String reply(String request, Instant hqTime, RenewalReply.Status status) throws JwsException {
        RenewalRequest r = RenewalRequest.verify(request);
        return new RenewalReply("wk-test-hq", r.tenant(), r.device(), r.nonce(), hqTime, status,
                status == RenewalReply.Status.ACTIVE ? Optional.of(token) : Optional.empty(), "").sign(vendor.hq);
    }

    private void heartbeat() throws JwsException {
        assertThat(licensing.acceptReply(reply(licensing.renewalRequest(), clock.instant(), RenewalReply.Status.ACTIVE)))
                .isInstanceOf(Licensing.Accepted.class);
    }

    @Test
    void goingOfflineWalksEveryRungAndEachHeartbeatBringsTheBoxBack() throws Exception {
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.FULL);
        assertThat(after(Duration.ofHours(24).minusSeconds(1))).isEqualTo(LicenseStatus.Level.FULL);
        assertThat(after(Duration.ofSeconds(1))).isEqualTo(LicenseStatus.Level.WARNING);
        assertThat(after(Duration.ofHours(48).minusSeconds(1))).isEqualTo(LicenseStatus.Level.WARNING);
        assertThat(after(Duration.ofSeconds(1))).isEqualTo(LicenseStatus.Level.SALES_ONLY);
        assertThat(after(Duration.ofDays(27).minusSeconds(1))).isEqualTo(LicenseStatus.Level.SALES_ONLY);
        assertThat(after(Duration.ofSeconds(1))).isEqualTo(LicenseStatus.Level.LOCKED);
        assertThat(licensing.status().problem()).isEqualTo("license-expired");
        assertThat(licensing.status().detail()).contains("30 offline days", "readable and exportable");

        heartbeat();
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.FULL);
        for (Duration offline : List.of(Duration.ofHours(25), Duration.ofHours(73), Duration.ofDays(31))) {
            clock.advance(offline);
            assertThat(licensing.check().level()).isNotEqualTo(LicenseStatus.Level.FULL);
            heartbeat();
            assertThat(licensing.status().level()).as("back from %s offline", offline).isEqualTo(LicenseStatus.Level.FULL);
        }
        assertThat(audit("license.level")).anyMatch(d -> d.startsWith("FULL -> WARNING"))
                .anyMatch(d -> d.startsWith("WARNING -> SALES_ONLY")).anyMatch(d -> d.startsWith("SALES_ONLY -> LOCKED"))
                .anyMatch(d -> d.startsWith("LOCKED -> FULL")).anyMatch(d -> d.startsWith("SALES_ONLY -> FULL"))
                .anyMatch(d -> d.startsWith("WARNING -> FULL"));
        awaitEvents(e -> e.type().equals("license.state") && e.data().get("level").equals("WARNING"));
        awaitEvents(e -> e.type().equals("license.state") && e.data().get("level").equals("LOCKED")
                && e.data().get("problem").equals("license-expired"));
    }

    @Test
    void pastExpTheBoxLocksEvenWithFreshHeartbeats() throws Exception {
        token = vendor.issue(new LicenseClaims("wk-test-hq", "lic-test", TestLicense.TENANT, "pro", List.of(), 3, T0,
                T0, T0.plus(Duration.ofDays(2)), 30, 6, Optional.of(licensing.deviceThumbprint())));
        assertThat(licensing.install(token, "test")).isInstanceOf(Licensing.Accepted.class);
        clock.advance(Duration.ofDays(1));
        heartbeat();
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.FULL);
        clock.advance(Duration.ofDays(1));
        heartbeat();
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.LOCKED);
        assertThat(licensing.status().problem()).isEqualTo("license-expired");
        assertThat(licensing.status().detail()).contains("expired at");
    }

    @Test
    void hqStandingOtherThanActiveLocksAndDeviceLimitHasItsOwnProblem() throws Exception {
        String request = licensing.renewalRequest();
        assertThat(licensing.acceptReply(reply(request, clock.instant(), RenewalReply.Status.DEVICE_LIMIT_REACHED)))
                .isInstanceOf(Licensing.Accepted.class);
        assertThat(licensing.status().problem()).isEqualTo("device-limit-reached");
        assertThat(licensing.acceptReply(reply(licensing.renewalRequest(), clock.instant(), RenewalReply.Status.SUSPENDED)))
                .isInstanceOf(Licensing.Accepted.class);
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.LOCKED);
        assertThat(licensing.status().problem()).isEqualTo("license-locked");
        heartbeat();
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.FULL);
    }

    @Test
    void everyBadTokenIsRefusedLeavesTheLicenseAndIsAudited() throws Exception {
        String device = licensing.deviceThumbprint();
        Ed25519Key stranger = Ed25519Key.generate(new SecureRandom());
        String payload = token.split("\\.")[1];
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("alg none", forgedHeader("none", payload, null));
        bad.put("alg HS256", forgedHeader("HS256", payload, null));
        bad.put("alg RS256", forgedHeader("RS256", payload, vendor.hq));
        bad.put("unknown kid", com.wkpos.edge.provisioning.license.LicenseToken.issue(
                vendor.claims(device, 9, T0, List.of()), stranger));
        bad.put("other tenant", vendor.issue(new LicenseClaims("wk-test-hq", "lic-x", "t-other", "pro", List.of(), 3, T0,
                T0, T0.plus(Duration.ofDays(9)), 30, 9, Optional.of(device))));
        bad.put("other device", vendor.issue(vendor.claims(stranger.kid(), 9, T0, List.of())));
        bad.put("lower seq", vendor.issue(vendor.claims(device, 4, T0, List.of("loyalty", "accounting"))));
        bad.put("expired", vendor.issue(new LicenseClaims("wk-test-hq", "lic-test", TestLicense.TENANT, "pro", List.of(),
                3, T0.minus(Duration.ofDays(9)), T0.minus(Duration.ofDays(9)), T0.minusSeconds(1), 30, 9, Optional.of(device))));
        bad.put("nbf in the future", vendor.issue(new LicenseClaims("wk-test-hq", "lic-test", TestLicense.TENANT, "pro",
                List.of(), 3, T0, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(9)), 30, 9, Optional.of(device))));
        bad.put("oversized", token + "A".repeat(20_000));
        bad.put("duplicate claims", signedRaw(payloadWithDuplicateSeq(), vendor.hq));
        for (int i = 0; i < token.length(); i += 9) {
            char c = token.charAt(i);
            if (c != '.') {
                bad.put("flip at " + i, token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1));
            }
        }
        byte[] file = Files.readAllBytes(dir.resolve(Licensing.TOKEN_FILE));
        int audited = audit("license.reject").size();
        for (Map.Entry<String, String> e : bad.entrySet()) {
            assertThat(licensing.install(e.getValue(), "test")).as(e.getKey()).isInstanceOf(Licensing.Rejected.class);
            assertThat(licensing.health()).as(e.getKey()).containsEntry("seq", 5L).containsEntry("modules", List.of("loyalty"));
            assertThat(Files.readAllBytes(dir.resolve(Licensing.TOKEN_FILE))).as(e.getKey()).isEqualTo(file);
            assertThat(audit("license.reject")).as(e.getKey()).hasSize(++audited);
        }
        assertThat(audit("license.reject")).anyMatch(d -> d.startsWith("lower-seq"))
                .anyMatch(d -> d.startsWith("unknown-key")).anyMatch(d -> d.startsWith("expired"))
                .anyMatch(d -> d.startsWith("not-yet-valid")).anyMatch(d -> d.startsWith("oversized"))
                .anyMatch(d -> d.startsWith("bad-claims") && d.contains("Duplicate field"))
                .anyMatch(d -> d.startsWith("wrong-license") && d.contains("tenant t-other"))
                .anyMatch(d -> d.startsWith("wrong-license") && d.contains("bound to device"));
        assertThat(licensing.status().level()).isEqualTo(LicenseStatus.Level.FULL);
    }

    @Test
    void aReplayedOrForeignHeartbeatReplyIsRefusedAndChangesNothing() throws Exception {
        clock.advance(Duration.ofHours(30));
        String first = licensing.renewalRequest();
        String oldReply = reply(first, clock.instant(), RenewalReply.Status.ACTIVE);
        String second = licensing.renewalRequest();
        assertThat(licensing.acceptReply(oldReply)).isInstanceOfSatisfying(Licensing.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("replayed-reply"));
        assertThat(licensing.acceptReply(reply(second, clock.instant(), RenewalReply.Status.ACTIVE)))
                .isInstanceOf(Licensing.Accepted.class);
        clock.advance(Duration.ofHours(30));
        assertThat(licensing.check().level()).isEqualTo(LicenseStatus.Level.WARNING);
        String used = reply(licensing.renewalRequest(), clock.instant(), RenewalReply.Status.ACTIVE);
        assertThat(licensing.acceptReply(used)).isInstanceOf(Licensing.Accepted.class);
        clock.advance(Duration.ofHours(30));
        assertThat(licensing.acceptReply(used)).isInstanceOf(Licensing.Rejected.class);
        String forged = reply(licensing.renewalRequest(), clock.instant(), RenewalReply.Status.ACTIVE);
        String[] p = forged.split("\\.");
        assertThat(licensing.acceptReply(p[0] + "." + p[1] + "." + Base64Url.encode(
                Ed25519Key.generate(new SecureRandom()).sign((p[0] + "." + p[1]).getBytes(StandardCharsets.US_ASCII)))))
                .isInstanceOfSatisfying(Licensing.Rejected.class, r -> assertThat(r.reason()).isEqualTo("bad-signature"));
        assertThat(licensing.check().level()).as("still 30 h since the last accepted reply").isEqualTo(LicenseStatus.Level.WARNING);
        assertThat(audit("license.reject")).filteredOn(d -> d.startsWith("replayed-reply")).hasSize(2);
    }

    @Test
    void aClockSetBackTwoDaysNeverExtendsValidityAndIsAudited() {
        assertThat(after(Duration.ofHours(23))).isEqualTo(LicenseStatus.Level.FULL);
        clock.setWall(clock.instant().minus(Duration.ofDays(2)));
        assertThat(licensing.check().level()).isEqualTo(LicenseStatus.Level.FULL);
        assertThat(after(Duration.ofHours(1))).isEqualTo(LicenseStatus.Level.WARNING);
        assertThat(licensing.status().trustedNow()).isEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(audit("clock.jump")).singleElement().asString().contains("stepped -172800 s");
        licensing.persist();
        Licensing restarted = open();
        assertThat(restarted.status().trustedNow()).as("last seen survives a restart with the clock set back")
                .isAfterOrEqualTo(T0.plus(Duration.ofHours(24)));
        assertThat(restarted.status().level()).isEqualTo(LicenseStatus.Level.WARNING);
    }

    @Test
    void aClockSetForwardFortyDaysAndBackNeitherLocksNorGoesUnnoticed() {
        clock.advance(Duration.ofHours(1));
        clock.setWall(clock.instant().plus(Duration.ofDays(40)));
        assertThat(licensing.check().level()).isEqualTo(LicenseStatus.Level.FULL);
        clock.advance(Duration.ofMinutes(5));
        clock.setWall(clock.instant().minus(Duration.ofDays(40)));
        assertThat(licensing.check().level()).isEqualTo(LicenseStatus.Level.FULL);
        assertThat(licensing.status().trustedNow()).isEqualTo(T0.plus(Duration.ofMinutes(65)));
        assertThat(audit("clock.jump")).hasSize(2);
        assertThat(licensing.health()).containsEntry("seq", 5L);
    }

    @Test
    void aClockAt1970IsIgnoredRunningAndAfterARestart() {
        clock.advance(Duration.ofHours(2));
        clock.setWall(Instant.EPOCH);
        assertThat(licensing.check().level()).isEqualTo(LicenseStatus.Level.FULL);
        assertThat(licensing.status().trustedNow()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(audit("clock.jump")).singleElement().asString().contains("1970-01-01");
        Licensing restarted = open();
        assertThat(restarted.status().level()).isEqualTo(LicenseStatus.Level.FULL);
        assertThat(restarted.status().trustedNow()).isAfterOrEqualTo(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void anEditedStateFileIsAuditedAndFallsBackToTheStricterFloor() throws Exception {
        clock.advance(Duration.ofHours(50));
        heartbeat();
        Path state = dir.resolve(StateFile.FILE);
        String text = Files.readString(state);
        Files.writeString(state, text.replaceFirst("\"lastReply\":\\d+", "\"lastReply\":" + clock.instant().plus(
                Duration.ofDays(20)).toEpochMilli()));
        clock.advance(Duration.ofHours(30));
        Licensing restarted = open();
        assertThat(audit("license.reject")).anyMatch(d -> d.startsWith("tampered-state"));
        assertThat(restarted.status().level()).as("offline counted from the license's issue, 80 h ago")
                .isEqualTo(LicenseStatus.Level.SALES_ONLY);
    }

    @Test
    void withoutPinnedKeysOrLicenseTheBoxIsLockedWithAClearReason() {
        journal.close();
        Path other = dir.resolve("other");
        journal = Journal.open(other, clock, Agent.projections());
        Licensing none = Licensing.open(other, LicenseSettings.NONE, journal, events, clock, clock::nanos);
        assertThat(none.status().level()).isEqualTo(LicenseStatus.Level.LOCKED);
        assertThat(none.status().problem()).isEqualTo("license-locked");
        assertThat(none.status().detail()).contains("no license installed");
        assertThat(none.install(token, "test")).isInstanceOfSatisfying(Licensing.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("unknown-key"));
    }

    private String forgedHeader(String alg, String payload, Ed25519Key key) {
        String header = Base64Url.encode(("{\"alg\":\"" + alg + "\",\"typ\":\"wk-license+jwt\",\"kid\":\""
                + vendor.hq.kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        String input = header + "." + payload;
        return input + "." + (key == null ? "" : Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII))));
    }

    private String payloadWithDuplicateSeq() {
        String json = new String(Base64Url.decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return json.replace("\"seq\":5", "\"seq\":5,\"seq\":99");
    }

    private static String signedRaw(String payloadJson, Ed25519Key key) {
        String input = Base64Url.encode(("{\"alg\":\"EdDSA\",\"typ\":\"wk-license+jwt\",\"kid\":\"" + key.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + Base64Url.encode(payloadJson.getBytes(StandardCharsets.UTF_8));
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private List<String> audit(String action) {
        return journal.read(c -> {
            List<String> rows = new ArrayList<>();
            try (var ps = c.prepareStatement("SELECT detail FROM audit WHERE action = ? ORDER BY seq")) {
                ps.setString(1, action);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            return rows;
        });
    }

    private void awaitEvents(java.util.function.Predicate<Events.Event> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (seen.stream().noneMatch(match)) {
            assertThat(System.nanoTime()).as("event within 5 s; seen %s", seen).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}

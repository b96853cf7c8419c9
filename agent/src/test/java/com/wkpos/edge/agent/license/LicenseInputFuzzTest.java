package com.wkpos.edge.agent.license;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.protocol.fuzz.Mutations;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import com.wkpos.edge.provisioning.license.LicenseToken;
import com.wkpos.edge.provisioning.license.RenewalReply;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the box's license is offered from outside — tokens from a technician, the LAN API or a USB key,
 * HQ's renewal replies, the state file on its disk — arbitrary, mutated and signed-but-wrong: a token or
 * reply is accepted or rejected as an outcome, never an exception; a state file is read or refused with
 * IllegalStateException.
 */
class LicenseInputFuzzTest {
    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(T0);
    private TestLicense vendor;
    private Journal journal;
    private Events events;
    private Licensing licensing;
    private String token;

    @BeforeEach
    void start() {
        vendor = new TestLicense(dir);
        journal = Journal.open(dir, clock, Agent.projections());
        events = new Events(clock);
        licensing = Licensing.open(dir, new LicenseSettings(Optional.of(vendor.keysFile), Optional.of(TestLicense.TENANT)),
                journal, events, clock, clock::nanos);
        token = vendor.issue(vendor.claims(licensing.deviceThumbprint(), 5, T0, List.of("loyalty")));
        assertThat(licensing.install(token, "test")).isInstanceOf(Licensing.Accepted.class);
    }

    @AfterEach
    void stop() {
        journal.close();
        events.close();
    }

    @Test
    void offeredTokensOfAnyKindAreAcceptedOrRejectedAsAnOutcome() {
        JsonNode claims = payload(token);
        forAll(600, r -> switch (r.nextInt(3)) {
            case 0 -> Mutations.text(r, 200);
            case 1 -> new String(Mutations.mutateBytes(r, token.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
            default -> signed(r, claims, LicenseToken.TYP, vendor.hq);
        }, offered -> assertThat(licensing.install(offered, "fuzz")).isNotNull());
        assertThat(licensing.check().level()).isNotNull();
    }

    @Test
    void renewalRepliesOfAnyKindAreAcceptedOrRejectedAsAnOutcome() throws Exception {
        RenewalRequest request = RenewalRequest.verify(licensing.renewalRequest());
        String reply = new RenewalReply("wk-test-hq", request.tenant(), request.device(), request.nonce(), T0,
                RenewalReply.Status.ACTIVE, Optional.of(token), "").sign(vendor.hq);
        JsonNode claims = payload(reply);
        forAll(600, r -> switch (r.nextInt(3)) {
            case 0 -> Mutations.text(r, 200);
            case 1 -> new String(Mutations.mutateBytes(r, reply.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
            default -> signed(r, claims, RenewalReply.TYP, vendor.hq);
        }, offered -> assertThat(licensing.acceptReply(offered)).isNotNull());
    }

    @Test
    void aStateFileOfAnyContentIsReadOrRefusedAsUnreadable() throws Exception {
        Ed25519Key key = DeviceKey.loadOrCreate(dir);
        new StateFile(T0, Optional.of(T0), RenewalReply.Status.ACTIVE, "").write(dir, key);
        Path file = dir.resolve(StateFile.FILE);
        byte[] valid = Files.readAllBytes(file);
        assertThat(StateFile.read(dir, key)).get().satisfies(s -> assertThat(s.lastSeen()).isEqualTo(T0));
        var members = StrictJson.object(valid);
        members.remove("sig");
        forAll(1_000, r -> r.nextBoolean() ? Mutations.mutateBytes(r, valid) : resigned(r, members, key), bytes -> {
            Files.write(file, bytes);
            refusesOnlyWith(() -> StateFile.read(dir, key), IllegalStateException.class);
        });
    }

    /** A state file this box's key signed over a mutation of {@code members} (a writer that got it wrong). */
    private static byte[] resigned(Random r, JsonNode members, Ed25519Key key) {
        JsonNode mutated;
        try {
            mutated = StrictJson.MAPPER.readTree(Mutations.mutateJson(r, members));
        } catch (java.io.IOException e) {
            return Mutations.mutateJson(r, members);
        }
        if (!(mutated instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
            return StrictJson.bytes(mutated);
        }
        o.remove("sig");
        o.put("sig", Base64Url.encode(key.sign(StrictJson.bytes(o))));
        return StrictJson.bytes(o);
    }

    private static JsonNode payload(String token) {
        return StrictJson.object(Base64Url.decode(token.split("\\.")[1]));
    }

    /** A compact JWS of type {@code typ} over a mutation of {@code payload}, correctly signed by {@code key}. */
    private static String signed(Random r, JsonNode payload, String typ, Ed25519Key key) {
        byte[] header = StrictJson.bytes(Map.of("alg", Jws.ALG, "typ", typ, "kid", key.kid()));
        String input = Base64Url.encode(header) + "." + Base64Url.encode(Mutations.mutateJson(r, payload));
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }
}

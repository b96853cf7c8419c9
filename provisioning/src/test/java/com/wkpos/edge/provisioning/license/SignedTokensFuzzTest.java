package com.wkpos.edge.provisioning.license;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.fuzz.Mutations;
import com.wkpos.edge.provisioning.bundle.Bundle;
import com.wkpos.edge.provisioning.bundle.BundleToken;
import com.wkpos.edge.provisioning.bundle.Bundles;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.Jws;
import com.wkpos.edge.provisioning.crypto.JwsException;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The signed tokens a box or HQ is handed — license tokens, renewal requests and replies, provisioning
 * bundles — as arbitrary text, with characters changed, and with payloads HQ's own key signed but got
 * wrong (so the claim parsers behind the signature check are reached). Each is read or refused with
 * {@link JwsException}, never anything else; valid tokens read back to what was signed.
 */
class SignedTokensFuzzTest {
    /** The corpus under src/test/resources/fuzz/tokens: test keys and one valid token of each kind. */
    private static final String CORPUS = "/fuzz/tokens/";
    private static final Ed25519Key HQ = key("hq-test.jwk.json");
    private static final Ed25519Key BOX = key("box-test.jwk.json");
    private static final KeySet PINNED = KeySet.of(HQ);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final LicenseClaims CLAIMS = new LicenseClaims("wk-hq", "lic-1", "acme", "pro",
            List.of("accounting", "loyalty"), 3, NOW, NOW.minusSeconds(60), NOW.plusSeconds(86_400), 30, 7,
            Optional.of(BOX.kid()));
    private static final String LICENSE = token("license.jws");
    private static final String REPLY = token("renewal-reply.jws");
    private static final String REQUEST = token("renewal-request.jws");
    private static final String BUNDLE = token("bundle.jws");

    @Test
    void validTokensReadBackToWhatWasSigned() throws JwsException {
        assertThat(LicenseToken.verify(LICENSE, PINNED)).isEqualTo(CLAIMS);
        assertThat(RenewalReply.verify(REPLY, PINNED).license()).contains(LICENSE);
        assertThat(RenewalRequest.verify(REQUEST).device()).isEqualTo(BOX.kid());
        Bundle b = BundleToken.verify(BUNDLE, PINNED);
        assertThat(b.deviceName()).isEqualTo("acme.nord.box1");
        assertThat(BundleToken.sign(b, HQ)).isEqualTo(BUNDLE);
    }

    @Test
    void arbitraryTextIsRefusedAsAToken() {
        forAll(2_000, r -> r.nextBoolean() ? Mutations.text(r, 300)
                : Mutations.text(r, 40) + "." + Mutations.text(r, 80) + "." + Mutations.text(r, 40), SignedTokensFuzzTest::readAll);
    }

    @Test
    void tokensWithCharactersChangedAreRefused() {
        List<String> tokens = List.of(LICENSE, REPLY, REQUEST, BUNDLE);
        forAll(2_000, r -> new String(Mutations.mutateBytes(r, tokens.get(r.nextInt(tokens.size()))
                .getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1), token -> {
            readAll(token);
            if (!tokens.contains(token)) {
                assertThatThrownBy(() -> LicenseToken.verify(token, PINNED)).isInstanceOf(JwsException.class);
            }
        });
    }

    @Test
    void licenseClaimsHqGotWrongAreRefusedAsBadClaims() {
        JsonNode claims = payload(LICENSE);
        forAll(2_000, r -> signed(r, claims, LicenseToken.TYP, HQ), token -> readAll(token));
    }

    @Test
    void renewalMessagesHqOrTheBoxGotWrongAreRefusedAsBadClaims() {
        JsonNode replyClaims = payload(REPLY);
        JsonNode requestClaims = payload(REQUEST);
        forAll(2_000, r -> r.nextBoolean() ? signed(r, replyClaims, RenewalReply.TYP, HQ)
                : signed(r, requestClaims, RenewalRequest.TYP, BOX), SignedTokensFuzzTest::readAll);
    }

    @Test
    void bundlesTheProvisioningKeyGotWrongAreRefusedAsBadClaims() {
        JsonNode members = payload(BUNDLE);
        forAll(1_000, r -> signed(r, members, BundleToken.TYP, HQ), SignedTokensFuzzTest::readAll);
    }

    @Test
    void aLicenseDatedBeyondTheLastInstantIsRefusedAsBadClaims() {
        Map<String, Object> claims = new java.util.LinkedHashMap<>(CLAIMS.toJson());
        claims.put("exp", 100_000_000_000_000_000L);
        String token = Jws.sign(claims, LicenseToken.TYP, HQ);
        assertThatThrownBy(() -> LicenseToken.verify(token, PINNED)).isInstanceOfSatisfying(JwsException.class,
                e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_CLAIMS));
    }

    @Test
    void aBundleIssuedBeyondTheLastInstantIsRefusedAsBadClaims() {
        var members = payload(BUNDLE).deepCopy();
        members.put("iat", Long.MAX_VALUE);
        String token = Jws.sign(members, BundleToken.TYP, HQ);
        assertThatThrownBy(() -> BundleToken.verify(token, PINNED)).isInstanceOfSatisfying(JwsException.class,
                e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_CLAIMS));
    }

    /** Every reader of a token a box or HQ has: each reads it or refuses it with a JwsException. */
    private static void readAll(String token) throws Throwable {
        refusesOnlyWith(() -> LicenseToken.verify(token, PINNED), JwsException.class);
        refusesOnlyWith(() -> RenewalReply.verify(token, PINNED), JwsException.class);
        refusesOnlyWith(() -> RenewalRequest.verify(token), JwsException.class);
        refusesOnlyWith(() -> BundleToken.verify(token, PINNED), JwsException.class);
        Jws.peekKid(token);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode payload(String token) {
        return StrictJson.object(Base64Url.decode(token.split("\\.")[1]));
    }

    private static String token(String name) {
        return new String(read(name), StandardCharsets.US_ASCII).strip();
    }

    private static Ed25519Key key(String name) {
        return Ed25519Key.fromJwk(StrictJson.object(read(name)));
    }

    private static byte[] read(String name) {
        try (var in = SignedTokensFuzzTest.class.getResourceAsStream(CORPUS + name)) {
            if (in == null) {
                throw new IllegalStateException("fuzz corpus file " + name + " is missing");
            }
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A compact JWS of type {@code typ} over a mutation of {@code payload}, correctly signed by {@code key}. */
    private static String signed(Random r, JsonNode payload, String typ, Ed25519Key key) {
        byte[] header = StrictJson.bytes(Map.of("alg", Jws.ALG, "typ", typ, "kid", key.kid()));
        String input = Base64Url.encode(header) + "." + Base64Url.encode(Mutations.mutateJson(r, payload));
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Writes the corpus into {@code args[0]} (run by hand when a token changes shape; new keys each time). */
    static final class WriteCorpus {
        private WriteCorpus() {
        }

        public static void main(String[] args) throws java.io.IOException {
            Instant now = Instant.parse("2026-12-07T12:00:00Z");
            Path dir = Path.of(args[0]);
            java.nio.file.Files.createDirectories(dir);
            Ed25519Key hq = Ed25519Key.generate(new SecureRandom());
            Ed25519Key box = Ed25519Key.generate(new SecureRandom());
            java.nio.file.Files.write(dir.resolve("hq-test.jwk.json"), StrictJson.bytes(hq.toJwk(true)));
            java.nio.file.Files.write(dir.resolve("box-test.jwk.json"), StrictJson.bytes(box.toJwk(true)));
            LicenseClaims claims = new LicenseClaims("wk-hq", "lic-1", "acme", "pro", List.of("accounting", "loyalty"), 3,
                    now, now.minusSeconds(60), now.plusSeconds(86_400), 30, 7, Optional.of(box.kid()));
            String license = LicenseToken.issue(claims, hq);
            java.nio.file.Files.writeString(dir.resolve("license.jws"), license);
            java.nio.file.Files.writeString(dir.resolve("renewal-reply.jws"), new RenewalReply("wk-hq", "acme", box.kid(),
                    "n".repeat(22), now, RenewalReply.Status.ACTIVE, Optional.of(license), "").sign(hq));
            java.nio.file.Files.writeString(dir.resolve("renewal-request.jws"),
                    new RenewalRequest("acme", box.kid(), box.publicBytes(), "n".repeat(22), 7, now).sign(box));
            Path ca = java.nio.file.Files.createTempDirectory("fuzz-ca");
            java.nio.file.Files.writeString(dir.resolve("bundle.jws"), BundleToken.sign(Bundles.valid(ca, now, 3, "nord"), hq));
        }
    }
}

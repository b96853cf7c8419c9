package com.wkpos.edge.provisioning.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519Key key = Ed25519Key.generate(RANDOM);
    private final KeySet pinned = KeySet.of(key);
    private final String token = Jws.sign(Map.of("tenant", "t1", "seq", 3), "test+jwt", key);

    @Test
    void signedTokenVerifiesWithThePinnedKey() throws Exception {
        Jws.Verified v = Jws.verify(token, "test+jwt", pinned);
        assertThat(v.kid()).isEqualTo(key.kid());
        assertThat(v.payload().get("tenant").asText()).isEqualTo("t1");
    }

    @Test
    void everyFlippedCharacterIsRefused() {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            String flipped = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            int at = i;
            assertThatThrownBy(() -> Jws.verify(flipped, "test+jwt", pinned)).as("flip at %d", at)
                    .isInstanceOf(JwsException.class);
        }
    }

    @Test
    void algorithmsOtherThanEdDsaAreRefusedBeforeAnyKeyIsUsed() {
        for (String alg : new String[] {"none", "HS256", "RS256", "ES256", "eddsa"}) {
            String forged = header("{\"alg\":\"" + alg + "\",\"typ\":\"test+jwt\",\"kid\":\"" + key.kid() + "\"}");
            assertThatThrownBy(() -> Jws.verify(forged, "test+jwt", pinned)).as(alg)
                    .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_HEADER));
        }
    }

    @Test
    void embeddedKeysAndCriticalHeadersAreRefused() {
        for (String extra : new String[] {"\"jwk\":{}", "\"jku\":\"http://x\"", "\"crit\":[\"b64\"]", "\"b64\":false"}) {
            String forged = header("{\"alg\":\"EdDSA\",\"typ\":\"test+jwt\",\"kid\":\"" + key.kid() + "\"," + extra + "}");
            assertThatThrownBy(() -> Jws.verify(forged, "test+jwt", pinned)).as(extra)
                    .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_HEADER));
        }
    }

    @Test
    void duplicateKeysInHeaderOrPayloadAreRefused() {
        String dupHeader = header("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"typ\":\"test+jwt\",\"kid\":\"" + key.kid() + "\"}");
        assertThatThrownBy(() -> Jws.verify(dupHeader, "test+jwt", pinned)).isInstanceOf(JwsException.class);
        String input = Base64Url.encode(("{\"alg\":\"EdDSA\",\"typ\":\"test+jwt\",\"kid\":\"" + key.kid() + "\"}")
                .getBytes(StandardCharsets.UTF_8)) + "." + Base64Url.encode("{\"seq\":1,\"seq\":9}".getBytes(StandardCharsets.UTF_8));
        String dupPayload = input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> Jws.verify(dupPayload, "test+jwt", pinned))
                .isInstanceOfSatisfying(JwsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_CLAIMS);
                    assertThat(e.getMessage()).contains("Duplicate field 'seq'");
                });
    }

    @Test
    void unknownKidWrongTypeOversizeAndShapeAreRefused() {
        Ed25519Key other = Ed25519Key.generate(RANDOM);
        String byOther = Jws.sign(Map.of("tenant", "t1"), "test+jwt", other);
        assertThatThrownBy(() -> Jws.verify(byOther, "test+jwt", pinned))
                .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.UNKNOWN_KEY));
        assertThatThrownBy(() -> Jws.verify(token, "other+jwt", pinned))
                .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_HEADER));
        String huge = Jws.sign(Map.of("pad", "x".repeat(Jws.MAX_TOKEN_CHARS)), "test+jwt", key);
        assertThatThrownBy(() -> Jws.verify(huge, "test+jwt", pinned))
                .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.OVERSIZED));
        for (String bad : new String[] {token + ".", token.replace('.', ','), token + "=", " " + token, token.substring(0, token.lastIndexOf('.') + 1)}) {
            assertThatThrownBy(() -> Jws.verify(bad, "test+jwt", pinned)).as(bad).isInstanceOf(JwsException.class);
        }
    }

    @Test
    void aSignatureFromAnotherKeyUnderAPinnedKidIsRefused() {
        Ed25519Key other = Ed25519Key.generate(RANDOM);
        String input = token.substring(0, token.lastIndexOf('.'));
        String forged = input + "." + Base64Url.encode(other.sign(input.getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> Jws.verify(forged, "test+jwt", pinned))
                .isInstanceOfSatisfying(JwsException.class, e -> assertThat(e.reason()).isEqualTo(JwsException.Reason.BAD_SIGNATURE));
    }

    @Test
    void jwkRoundTripKeepsTheKidAndRefusesMismatchedHalves() {
        Ed25519Key back = Ed25519Key.fromJwk(StrictJson.MAPPER.valueToTree(key.toJwk(true)));
        assertThat(back.kid()).isEqualTo(key.kid());
        assertThat(back.canSign()).isTrue();
        Map<String, String> mixed = new java.util.LinkedHashMap<>(key.toJwk(true));
        mixed.put("x", Ed25519Key.generate(RANDOM).toJwk(false).get("x"));
        mixed.remove("kid");
        assertThatThrownBy(() -> Ed25519Key.fromJwk(StrictJson.MAPPER.valueToTree(mixed))).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> KeySet.parse(StrictJson.bytes(Map.of("keys", java.util.List.of(key.toJwk(true))))))
                .hasMessageContaining("private key");
        assertThat(KeySet.parse(pinned.toJson()).kids()).containsExactly(key.kid());
    }

    private String header(String json) {
        String payload = token.split("\\.")[1];
        String input = Base64Url.encode(json.getBytes(StandardCharsets.UTF_8)) + "." + payload;
        return input + "." + Base64Url.encode(key.sign(input.getBytes(StandardCharsets.US_ASCII)));
    }
}

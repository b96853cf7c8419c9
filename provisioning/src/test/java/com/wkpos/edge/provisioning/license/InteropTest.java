package com.wkpos.edge.provisioning.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import com.wkpos.edge.provisioning.crypto.KeySet;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/** Our license tokens are standard JWS: jose4j, an independent JOSE library, verifies them and vice versa. */
class InteropTest {
    private final Ed25519Key hq = Ed25519Key.generate(new SecureRandom());
    private final Instant now = Instant.now();
    private final LicenseClaims claims = new LicenseClaims("wk-hq", "lic-1", "tenant-1", "pro",
            List.of("accounting", "loyalty"), 3, now, now.minusSeconds(60), now.plusSeconds(86_400), 30, 7,
            Optional.of(Ed25519Key.generate(new SecureRandom()).kid()));

    @Test
    void jose4jVerifiesOurLicenseTokenAndReadsItsClaims() throws Exception {
        String token = LicenseToken.issue(claims, hq);
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(
                new String(StrictJson.bytes(hq.toJwk(false)), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(jwk).isInstanceOf(OctetKeyPairJsonWebKey.class);
        assertThat(jwk.calculateBase64urlEncodedThumbprint("SHA-256")).isEqualTo(hq.kid());
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(jwk.getPublicKey())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.EDDSA)
                .setExpectedType(true, LicenseToken.TYP)
                .setRequireExpirationTime()
                .setRequireNotBefore()
                .setExpectedIssuer("wk-hq")
                .setSkipDefaultAudienceValidation()
                .build();
        JwtClaims read = consumer.processToClaims(token);
        assertThat(read.getSubject()).isEqualTo("lic-1");
        assertThat(read.getStringClaimValue("tenant")).isEqualTo("tenant-1");
        assertThat(read.getStringListClaimValue("modules")).containsExactly("accounting", "loyalty");
        assertThat(read.getClaimValue("seq", Long.class)).isEqualTo(7L);
        assertThat(read.getExpirationTime().getValue()).isEqualTo(claims.exp().getEpochSecond());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(token);
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(hq.kid());
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo("EdDSA");
    }

    @Test
    void jose4jRefusesATamperedToken() throws Exception {
        String token = LicenseToken.issue(claims, hq);
        String tampered = LicenseToken.issue(new LicenseClaims("wk-hq", "lic-1", "tenant-1", "pro",
                List.of("accounting", "loyalty"), 300, claims.iat(), claims.nbf(), claims.exp(), 30, 7, claims.device()), hq);
        String spliced = token.substring(0, token.indexOf('.')) + tampered.substring(tampered.indexOf('.'),
                tampered.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.EDDSA));
        jws.setCompactSerialization(spliced);
        jws.setKey(PublicJsonWebKey.Factory.newPublicJwk(new String(StrictJson.bytes(hq.toJwk(false)),
                java.nio.charset.StandardCharsets.UTF_8)).getPublicKey());
        assertThat(jws.verifySignature()).isFalse();
    }

    @Test
    void aTokenSignedByJose4jVerifiesWithOurParser() throws Exception {
        OctetKeyPairJsonWebKey jwk = (OctetKeyPairJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(
                new String(StrictJson.bytes(hq.toJwk(true)), java.nio.charset.StandardCharsets.UTF_8));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new String(StrictJson.bytes(claims.toJson()), java.nio.charset.StandardCharsets.UTF_8));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.EDDSA);
        jws.setHeader("typ", LicenseToken.TYP);
        jws.setKeyIdHeaderValue(hq.kid());
        jws.setKey(jwk.getPrivateKey());
        LicenseClaims read = LicenseToken.verify(jws.getCompactSerialization(), KeySet.of(hq));
        assertThat(read).isEqualTo(claims);
    }
}

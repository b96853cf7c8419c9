package com.wkpos.edge.provisioning.pki;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.fuzz.Mutations;
import com.wkpos.edge.provisioning.crypto.Base64Url;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The broker CA a provisioning bundle carries, as PEM text with its DER bytes mutated (so the ASN.1 and
 * certificate parsers are reached) or as any text: read as certificates or refused with
 * IllegalArgumentException.
 */
class PemFuzzTest {
    private static final String CA = caOfTheBundleInTheCorpus();

    @Test
    void theBundlesCaReadsAsOneCertificate() {
        assertThat(Pem.certificates(CA)).hasSize(1);
    }

    @Test
    void certificatesWithTheirDerMutatedAreReadOrRefused() {
        byte[] der = Base64.getMimeDecoder().decode(CA.replaceAll("-----[A-Z ]+-----", ""));
        forAll(1_500, r -> switch (r.nextInt(3)) {
            case 0 -> Mutations.text(r, 300);
            case 1 -> new String(Mutations.mutateBytes(r, CA.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
            default -> "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(Mutations.mutateBytes(r, der))
                    + "\n-----END CERTIFICATE-----\n";
        }, pem -> refusesOnlyWith(() -> Pem.certificates(pem), IllegalArgumentException.class));
    }

    private static String caOfTheBundleInTheCorpus() {
        try (InputStream in = PemFuzzTest.class.getResourceAsStream("/fuzz/tokens/bundle.jws")) {
            if (in == null) {
                throw new IllegalStateException("fuzz corpus file bundle.jws is missing");
            }
            String token = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
            return StrictJson.object(Base64Url.decode(token.split("\\.")[1])).get("broker").get("ca").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

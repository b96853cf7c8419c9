package com.wkpos.edge.agent.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
    @Test
    void secretNamesAreRecognisedInAnyCaseStyleButOrdinaryWordsAreNot() {
        assertThat(java.util.List.of("pin_hash", "pinHash", "PIN", "license.token", "enroll_token", "zvt.password",
                "device.key", "api-key", "private_key", "client_secret", "salt")).allMatch(Redaction::secretName);
        assertThat(java.util.List.of("pinned", "shipping", "ping", "hash", "keyboard", "monkey", "branch.name",
                "listen", "broker_url", "acked_seq")).noneMatch(Redaction::secretName);
    }

    @Test
    void keyMaterialFilesAreLeftOut() {
        assertThat(java.util.List.of("device.key", "box.pem", "hq.p12", "bundle.jws", "enroll-token", "id_ed25519",
                "tls-key")).allMatch(Redaction::secretFile);
        assertThat(java.util.List.of("agent.properties", "hq.json", "catalog.json")).noneMatch(Redaction::secretFile);
    }

    @Test
    void textKeepsOrdinaryValuesAndReplacesSecretOnes() {
        String redacted = Redaction.text("branch.name=Nord\nzvt.password = 1234\n#token: abc\nstatus=eyJabcdef.eyJghijkl.sig\n");
        assertThat(redacted).isEqualTo("branch.name=Nord\nzvt.password = <redacted>\n#token: <redacted>\nstatus=<redacted>\n");
    }

    @Test
    void jsonSecretsAreReplacedAtAnyDepth() {
        assertThat(Redaction.json("{\"a\":{\"pinHash\":\"x1\",\"list\":[{\"apiToken\":\"x2\"}],\"keep\":\"ok\"}}"))
                .doesNotContain("x1", "x2").contains("\"keep\" : \"ok\"", "\"pinHash\" : \"<redacted>\"");
    }
}

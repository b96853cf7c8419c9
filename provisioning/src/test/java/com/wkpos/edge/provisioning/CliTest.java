package com.wkpos.edge.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Cli.run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), clock);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void keygenIssueInspectVerify() throws Exception {
        assertThat(run("license", "keygen", "--out", dir.toString())).as(err).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("hq.key.jwk")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(run("license", "keygen", "--out", dir.toString())).isEqualTo(2);
        assertThat(err).contains("refusing to overwrite");

        Path token = dir.resolve("t.jws");
        assertThat(run("license", "issue", "--key", dir.resolve("hq.key.jwk").toString(), "--tenant", "acme",
                "--plan", "pro", "--modules", "accounting,loyalty", "--max-devices", "3", "--days", "30",
                "--out", token.toString())).as(err).isZero();

        assertThat(run("license", "inspect", "--file", token.toString())).isZero();
        assertThat(out).contains("NOT VERIFIED", "\"tenant\" : \"acme\"", "exp     2026-12-21T10:00:00Z");

        String keys = dir.resolve("hq.keys.jwks").toString();
        assertThat(run("license", "verify", "--keys", keys, "--file", token.toString(), "--tenant", "acme")).as(err).isZero();
        assertThat(out).contains("VALID", "plan pro", "[accounting, loyalty]");
        assertThat(run("license", "verify", "--keys", keys, "--file", token.toString(), "--tenant", "other")).isEqualTo(1);
        assertThat(err).contains("issued for tenant acme");
        assertThat(run("license", "verify", "--keys", keys, "--file", token.toString(), "--at", "2027-01-01T00:00:00Z"))
                .isEqualTo(1);
        assertThat(err).contains("expired");

        String text = Files.readString(token).strip();
        List<String> tampered = new ArrayList<>(List.of(text.split("\\.")));
        tampered.set(2, (tampered.get(2).charAt(0) == 'A' ? "B" : "A") + tampered.get(2).substring(1));
        assertThat(run("license", "verify", "--keys", keys, String.join(".", tampered))).isEqualTo(1);
        assertThat(err).contains("REFUSED (BAD_SIGNATURE)");
    }

    @Test
    void usageErrorsExitTwoNamingTheProblem() {
        assertThat(run("license", "issue", "--tenant", "x")).isEqualTo(2);
        assertThat(err).contains("--key is required");
        assertThat(run("license", "frobnicate")).isEqualTo(2);
        assertThat(run("license", "issue", "--bogus", "1")).isEqualTo(2);
        assertThat(err).contains("unknown option --bogus");
    }
}

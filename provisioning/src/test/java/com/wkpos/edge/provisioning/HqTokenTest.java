package com.wkpos.edge.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HqTokenTest {
    @TempDir
    Path dir;

    private static Function<String, String> env(Map<String, String> vars) {
        return vars::get;
    }

    @Test
    void aNewTokenHas256RandomBitsAndIsKept() {
        String first = HqToken.loadOrCreate(dir, new SecureRandom());
        assertThat(first).matches("[A-Za-z0-9_-]{43}");
        assertThat(HqToken.loadOrCreate(dir, new SecureRandom())).isEqualTo(first);
        assertThat(HqToken.loadOrCreate(dir.resolve("b"), new SecureRandom())).isNotEqualTo(first);
    }

    @Test
    void explicitOptionsWinOverTheEnvironmentAndLocalDefaults() throws Exception {
        String local = HqToken.loadOrCreate(dir.resolve("local"), new SecureRandom());
        String named = HqToken.loadOrCreate(dir.resolve("named"), new SecureRandom());
        Path file = Files.writeString(dir.resolve("file"), "F".repeat(43) + "\n");
        Map<String, String> vars = Map.of(HqToken.ENV_TOKEN, "E".repeat(43),
                HqToken.ENV_STATE_DIR, dir.resolve("local").toString());
        String url = "http://127.0.0.1:8090";
        assertThat(HqToken.resolve(url, file.toString(), dir.resolve("named").toString(), env(vars))).isEqualTo("F".repeat(43));
        assertThat(HqToken.resolve(url, null, dir.resolve("named").toString(), env(vars))).isEqualTo(named);
        assertThat(HqToken.resolve(url, null, null, env(vars))).isEqualTo("E".repeat(43));
        assertThat(HqToken.resolve(url, null, null, env(Map.of(HqToken.ENV_STATE_DIR, dir.resolve("local").toString()))))
                .isEqualTo(local);
    }

    @Test
    void aLocalTokenIsNeverSentToAnotherHostUnlessNamed() {
        HqToken.loadOrCreate(dir.resolve("local"), new SecureRandom());
        Map<String, String> vars = Map.of(HqToken.ENV_STATE_DIR, dir.resolve("local").toString());
        assertThatThrownBy(() -> HqToken.resolve("http://hq.example.com:8090", null, null, env(vars)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--hq-token-file", HqToken.ENV_TOKEN, "--hq-state-dir");
        assertThat(HqToken.resolve("http://hq.example.com:8090", null, dir.resolve("local").toString(), env(vars)))
                .hasSize(43);
    }

    @Test
    void somethingThatIsNotATokenIsRefusedByName() throws Exception {
        Path shortFile = Files.writeString(dir.resolve("short"), "abc");
        assertThatThrownBy(() -> HqToken.resolve("http://127.0.0.1:1", shortFile.toString(), null, env(Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(shortFile.toString());
        assertThatThrownBy(() -> HqToken.resolve("http://127.0.0.1:1", null, null,
                env(Map.of(HqToken.ENV_TOKEN, "has spaces in it and is long enough to pass the length check"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("$" + HqToken.ENV_TOKEN);
        assertThatThrownBy(() -> HqToken.resolve("http://127.0.0.1:1", dir.resolve("missing").toString(), null,
                env(Map.of()))).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}

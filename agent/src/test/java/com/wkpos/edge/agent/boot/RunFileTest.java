package com.wkpos.edge.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFileTest {
    private static final Instant START = Instant.parse("2026-03-01T08:15:30Z");
    @TempDir
    Path state;

    @Test
    void theStartIsReadBackAsWrittenAndALaterStartReplacesItWhole() {
        assertThat(RunFile.read(state)).as("no agent started here yet").isEmpty();
        RunFile first = new RunFile(URI.create("http://127.0.0.1:8080/"), 4242, START, Optional.of(Path.of("/tmp/nord.log")));
        first.writeTo(state);
        assertThat(RunFile.read(state)).contains(first);

        RunFile written = RunFile.write(state, "https://127.0.0.1:43117/", Clock.fixed(START.plusSeconds(60), ZoneOffset.UTC));
        assertThat(RunFile.read(state)).contains(written);
        assertThat(written.url()).isEqualTo(URI.create("https://127.0.0.1:43117/"));
        assertThat(written.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(written.startedAt()).isEqualTo(START.plusSeconds(60));
        assertThat(written.alive()).isTrue();
        assertThat(state.resolve(RunFile.FILE + ".tmp")).as("written aside, then renamed").doesNotExist();
    }

    @Test
    void aRunFileOfAnEndedProcessIsNotAlive() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new RunFile(URI.create("http://127.0.0.1:8080/"), ended.pid(), START, Optional.empty()).alive())
                .isFalse();
    }

    @Test
    void theOutputFileIsRecordedOnlyWhenItIsAPlainFile() throws Exception {
        Path log = Files.writeString(state.resolve("nord.log"), "--- demo start ---\n");
        Path fd = Files.createSymbolicLink(state.resolve("fd1"), log);
        assertThat(RunFile.plainFileBehind(fd)).contains(log.toRealPath());
        Path pipe = Files.createSymbolicLink(state.resolve("fd2"), Path.of("pipe:[81234]"));
        assertThat(RunFile.plainFileBehind(pipe)).isEmpty();
        assertThat(RunFile.plainFileBehind(Path.of("/dev/null"))).isEmpty();
    }

    @Test
    void aBrokenRunFileIsNamedInTheError() throws Exception {
        Files.writeString(state.resolve(RunFile.FILE), "{\"url\":\"http://127.0.0.1:8080/\"");
        assertThatThrownBy(() -> RunFile.read(state)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(state.resolve(RunFile.FILE).toString()).hasMessageContaining("not readable JSON");
        Files.writeString(state.resolve(RunFile.FILE), "{\"url\":\"ftp://box/\",\"pid\":12,\"startedAt\":\"" + START + "\"}");
        assertThatThrownBy(() -> RunFile.read(state)).hasMessageContaining("not a run file")
                .hasMessageContaining("ftp://box/");
        Files.writeString(state.resolve(RunFile.FILE), "{\"url\":\"http://127.0.0.1:8080/\",\"pid\":12,\"startedAt\":\"today\"}");
        assertThatThrownBy(() -> RunFile.read(state)).hasMessageContaining("not a run file");
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesTheLastStartsFile() throws Exception {
        RunFile old = new RunFile(URI.create("http://127.0.0.1:8080/"), 4242, START, Optional.empty());
        old.writeTo(state);
        Files.writeString(Files.createDirectories(state.resolve(RunFile.FILE + ".tmp")).resolve("in-the-way"), "x");
        assertThatThrownBy(() -> RunFile.write(state, "http://127.0.0.1:9090/", Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(state.resolve(RunFile.FILE).toString());
        assertThat(RunFile.read(state)).contains(old);
    }

    @Test
    void aUrlWithoutSchemeOrPortIsRefused() {
        assertThatThrownBy(() -> new RunFile(URI.create("127.0.0.1"), 1, START, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> new RunFile(URI.create("http://127.0.0.1/"), 1, START, Optional.empty()))
                .hasMessageContaining("HOST:PORT");
    }
}

package com.wkpos.edge.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.journal.Journal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent reset} on a real journal file: each refusal changes nothing; the success paths leave factory state. */
class FactoryResetTest {
    @TempDir
    Path dir;
    private Path state;
    private long head;
    private String deviceId;
    private String out;
    private String err;

    @BeforeEach
    void aBoxWithAJournal() throws Exception {
        state = dir.resolve("state");
        try (Journal j = Journal.open(state, Clock.systemUTC(), Agent.projections())) {
            j.submit(tx -> tx.append("provisioning.reset", Map.of("at", "2026-11-21T10:00:00Z", "actor", "test",
                    "detail", "an entry HQ has to acknowledge"))).join();
            head = j.head().seq();
            deviceId = j.deviceId();
        }
        Files.createDirectories(state.resolve("usb-key"));
        Files.writeString(state.resolve("usb-key/left.jws"), "x");
        Files.createDirectories(state.resolve("license"));
        Files.writeString(state.resolve("license/license.jws"), "token");
    }

    private void ackedBy(long seq) throws Exception {
        Files.writeString(state.resolve("sync.properties"), "acked-seq=" + seq + "\n");
    }

    private int reset(UnaryOperator<String> prompt, String... args) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = FactoryReset.run(all, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), prompt);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private List<String> left() throws Exception {
        try (Stream<Path> s = Files.walk(state)) {
            return s.filter(p -> !p.equals(state)).map(p -> state.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aJournalNotFullyAckedIsNeverErased() throws Exception {
        ackedBy(head - 1);
        assertThat(reset(null, "--confirm", deviceId)).isEqualTo(1);
        assertThat(err).contains("1 journal entries (seq " + head + " to " + head + ") are not acknowledged", "--export");
        assertThat(state.resolve(Journal.FILE_NAME)).exists();
        assertThat(state.resolve("license/license.jws")).exists();
    }

    @Test
    void aMissingOrWrongConfirmationIsRefused() throws Exception {
        ackedBy(head);
        assertThat(reset(null)).isEqualTo(1);
        assertThat(err).contains("--confirm " + deviceId);
        assertThat(reset(null, "--confirm", "some-other-box")).isEqualTo(1);
        assertThat(reset(q -> "not it")).isEqualTo(1);
        assertThat(err).contains("is not this box's name");
        assertThat(state.resolve(Journal.FILE_NAME)).exists();
    }

    @Test
    void refusedWhileTheAgentHoldsTheStateDirectory() throws Exception {
        ackedBy(head);
        try (AgentLock running = AgentLock.acquire(state)) {
            assertThat(reset(null, "--confirm", deviceId)).isEqualTo(1);
            assertThat(err).contains("the agent is running");
        }
        assertThat(state.resolve(Journal.FILE_NAME)).exists();
    }

    @Test
    void aFullyAckedBoxConfirmedAtTheTerminalGoesBackToFactoryState() throws Exception {
        ackedBy(head);
        List<String> asked = new ArrayList<>();
        assertThat(reset(q -> {
            asked.add(q);
            return deviceId + "\n";
        })).as(err).isZero();
        assertThat(asked.getFirst()).contains(deviceId);
        assertThat(left()).containsExactly(AgentLock.FILE, "usb-key");
        assertThat(out).contains("factory state");
    }

    @Test
    void anUnackedJournalIsExportedAndCheckedBeforeTheReset() throws Exception {
        Path export = dir.resolve("nord-journal.db");
        Files.writeString(export, "old");
        assertThat(reset(null, "--confirm", deviceId, "--export", export.toString())).isEqualTo(1);
        assertThat(err).contains("exists already");
        assertThat(state.resolve(Journal.FILE_NAME)).exists();

        Files.delete(export);
        String hash = FactoryReset.head(state.resolve(Journal.FILE_NAME)).hash();
        assertThat(reset(null, "--confirm", deviceId, "--export", export.toString())).as(err).isZero();
        assertThat(FactoryReset.head(export)).isEqualTo(new FactoryReset.JournalHead(head, hash, deviceId));
        assertThat(left()).containsExactly(AgentLock.FILE, "usb-key");
    }
}

package com.wkpos.edge.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestLicense;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's {@code agent reset} against a real agent: refused while it runs, and then without an export. */
class FactoryResetIT {
    @TempDir
    Path dir;

    private int main(ByteArrayOutputStream err, String... args) {
        err.reset();
        return Main.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aRunningAgentIsNeverResetAndAStoppedOneOnlyWithItsJournalKept() throws Exception {
        Path state = dir.resolve("state");
        TestLicense license = new TestLicense(dir);
        license.installFor(state);
        String device;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Agent agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", state.toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog"))), Clock.systemUTC())) {
            device = agent.journal().deviceId();
            assertThat(main(err, "agent", "reset", "--state-dir", state.toString(), "--confirm", device,
                    "--export", dir.resolve("x.db").toString())).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("the agent is running");
        }
        assertThat(dir.resolve("x.db")).doesNotExist();
        assertThat(main(err, "agent", "reset", "--state-dir", state.toString(), "--confirm", device)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("not acknowledged by HQ");
        assertThat(main(err, "agent", "reset", "--state-dir", state.toString(), "--confirm", device,
                "--export", dir.resolve("x.db").toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.size(dir.resolve("x.db"))).isPositive();
        assertThat(state.resolve("journal.db")).doesNotExist();
    }
}

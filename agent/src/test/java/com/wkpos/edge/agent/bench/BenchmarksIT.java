package com.wkpos.edge.agent.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmarks run against the till as it is (a shift to sell in, a logged-in cashier over HTTPS), so a
 * rule the till gains cannot leave {@code ./wk-edge bench} broken unnoticed. Figures are not checked here:
 * they are measured by the benchmarks and recorded in docs/BENCHMARKS.md.
 */
class BenchmarksIT {
    @Test
    void saleBenchmarkRunsEveryScenario(@TempDir Path dir) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = SaleBenchmark.run(List.of("--sales", "20", "--warm-up", "5", "--state-dir", dir.toString()),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).contains("raw SQLite INSERT+COMMIT (baseline)")
                .containsPattern("in-process Sales.complete +1 +20 ")
                .containsPattern("in-process Sales.complete +8 +20 ")
                .containsPattern("HTTPS POST /api/v1/sales +1 +20 ")
                .containsPattern("HTTPS POST /api/v1/sales +8 +20 ")
                .contains("WAL pages appended per sale commit");
    }

    @Test
    void deviceBenchmarkPrintsEveryReceipt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = DeviceBenchmark.run(List.of("--ops", "5"), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).containsPattern("sale commit -> last receipt byte \\(sim TCP\\) +5 ")
                .containsPattern("ZVT authorize");
    }
}

package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.FiscalTill.BEANS;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.sale.SaleRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wk-edge fiscal export} on a stopped box's state directory: a summary, or one line why and no file. */
class DsfinvkExportCommandTest {
    @TempDir
    Path dir;
    private Path box;
    private Path exports;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void aStoppedBoxWithOneSale() throws IOException {
        box = dir.resolve("box");
        exports = Files.createDirectories(dir.resolve("exports"));
        try (FiscalTill t = new FiscalTill(box, new FakeClock(Instant.parse("2026-03-02T09:00:00Z")))) {
            t.shifts.open(t.anna, 5_000);
            t.sell(new SaleRequest(List.of(line(BEANS, 1)), null, List.of(new SaleRequest.Payment("CASH", 1_000L))));
            t.sign();
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return DsfinvkExport.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "test");
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<Path> exported() throws IOException {
        try (Stream<Path> files = Files.list(exports)) {
            return new ArrayList<>(files.toList());
        }
    }

    @Test
    void exportsTheDaysAndSaysWhatItWrote() throws IOException {
        Path zip = exports.resolve("day.zip");
        assertThat(run("export", "--state-dir", box.toString(), "--from", "2026-03-02", "--to", "2026-03-02",
                "--out", zip.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).singleElement().asString()
                .contains("2026-03-02 to 2026-03-02").contains("2 transactions (1 sales").contains("0 Z reports")
                .contains(zip.toString());
        assertThat(exported()).containsExactly(zip);
        assertThat(new ExportZip(zip).rows("transactions.csv")).hasSize(2);
    }

    @Test
    void badInputIsOneLineExitTwoAndNoFile() throws IOException {
        String zip = exports.resolve("bad.zip").toString();
        String state = box.toString();
        List<List<String>> bad = List.of(
                List.of("export", "--state-dir", state, "--from", "2026-02-30", "--to", "2026-03-02", "--out", zip),
                List.of("export", "--state-dir", state, "--from", "02.03.2026", "--to", "2026-03-02", "--out", zip),
                List.of("export", "--state-dir", state, "--from", "2026-03-03", "--to", "2026-03-02", "--out", zip),
                List.of("export", "--state-dir", dir.resolve("nowhere").toString(), "--from", "2026-03-02", "--to",
                        "2026-03-02", "--out", zip),
                List.of("export", "--state-dir", exports.toString(), "--from", "2026-03-02", "--to", "2026-03-02",
                        "--out", zip),
                List.of("export", "--state-dir", state, "--from", "2026-03-02", "--to", "2026-03-02"),
                List.of("export", "--state-dir", state, "--from", "2026-03-02", "--to", "2026-03-02", "--out", zip,
                        "--zone", "Mars/Olympus"),
                List.of("export", "--state-dir", state, "--from", "2026-03-02", "--to", "2026-03-02", "--out",
                        dir.resolve("no-such-folder").resolve("x.zip").toString()),
                List.of("export", "--state-dir", state, "--from", "2026-03-02", "--to", "2026-03-02", "--out", zip,
                        "--fast"));
        List<String> reasons = List.of("--from must be a date YYYY-MM-DD, was '2026-02-30'",
                "--from must be a date YYYY-MM-DD, was '02.03.2026'", "--from 2026-03-03 is after --to 2026-03-02",
                "no state directory", "no journal in", "--out is required", "unknown time zone 'Mars/Olympus'",
                "does not exist", "unknown option --fast");
        for (int i = 0; i < bad.size(); i++) {
            assertThat(run(bad.get(i).toArray(String[]::new))).as(String.join(" ", bad.get(i))).isEqualTo(2);
            assertThat(errLines()).as(String.join(" ", bad.get(i))).singleElement().asString()
                    .startsWith("wk-edge fiscal export: ").contains(reasons.get(i));
            assertThat(out.size()).isZero();
            assertThat(exported()).as("nothing written for " + String.join(" ", bad.get(i))).isEmpty();
        }
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws IOException {
        Path zip = exports.resolve("day.zip");
        Files.writeString(zip, "an earlier export");
        String[] args = {"export", "--state-dir", box.toString(), "--from", "2026-03-02", "--to", "2026-03-02", "--out",
                zip.toString()};
        assertThat(run(args)).isEqualTo(2);
        assertThat(errLines()).singleElement().asString().contains(zip + " exists; pass --force to replace it");
        assertThat(Files.readString(zip)).isEqualTo("an earlier export");
        assertThat(exported()).containsExactly(zip);
        List<String> forced = new ArrayList<>(List.of(args));
        forced.add("--force");
        assertThat(run(forced.toArray(String[]::new))).isZero();
        assertThat(new ExportZip(zip).rows("transactions.csv")).hasSize(2);
        assertThat(exported()).containsExactly(zip);
    }

    @Test
    void withoutTheExportWordItShowsUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: wk-edge fiscal export");
    }
}

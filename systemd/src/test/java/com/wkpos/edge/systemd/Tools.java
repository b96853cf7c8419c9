package com.wkpos.edge.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * OS tools the packaging tests run. Where {@code .ci/run} says they are required
 * ({@code WK_EDGE_REQUIRE_TOOLS=1}) a missing tool fails the test; elsewhere the test is skipped, naming it.
 */
final class Tools {
    private Tools() {
    }

    static void require(String... tools) {
        for (String tool : tools) {
            boolean found = List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")).stream()
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                String message = tool + " is not installed (apt-get install it, or run .ci/run)";
                if ("1".equals(System.getenv("WK_EDGE_REQUIRE_TOOLS"))) {
                    throw new AssertionError(message + "; WK_EDGE_REQUIRE_TOOLS=1 says this run needs it");
                }
                Assumptions.abort(message + "; skipped");
            }
        }
    }

    record Result(int exit, String output) {
    }

    /** Runs a command to its end (bounded), stdout and stderr together. */
    static Result run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("wk-edge-tool", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 5 min");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String ok(Map<String, String> env, String... command) throws IOException, InterruptedException {
        Result r = run(env, command);
        assertThat(r.exit()).as("%s:\n%s", String.join(" ", command), r.output()).isZero();
        return r.output();
    }

    static Path deb() {
        Path deb = Path.of(System.getProperty("wk.deb", "target/wk-edge_all.deb"));
        assertThat(deb).as("the package built by jdeb in the package phase").isRegularFile();
        return deb;
    }
}

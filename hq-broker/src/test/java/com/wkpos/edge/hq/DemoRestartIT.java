package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's {@code ./wk-edge demo} started twice over the same {@code .demo} folder, as a user restarts it.
 * HQ is real (this module's jar); each branch agent is a stand-in that prints, a moment after its start, the
 * lines the agent prints ({@code Status page:}, {@code Pairing code:}), with a code that differs per run. The
 * launcher runs from a copy of the checkout holding only the script, the demo catalog and the built jars.
 */
class DemoRestartIT {
    private static final Path LAUNCHER = Path.of("../wk-edge");
    private static final Path DEMO_CATALOG = Path.of("../agent/src/main/resources/demo/catalog.json");
    private static final Path HQ_JAR = Path.of("target/wk-edge-hq.jar").toAbsolutePath();
    private static final String FAKE_JAVA = """
            #!/usr/bin/env bash
            # the real java for everything but the agent's jar, whose start is printed the way the agent prints it
            args=()
            agent=
            for a in "$@"; do
              case "$a" in
                */wk-edge-hq.jar) args+=("$WK_TEST_HQ_JAR") ;;
                */wk-edge-agent.jar) agent=1 ;;
                *) args+=("$a") ;;
              esac
            done
            if [ -n "$agent" ]; then
              port=8080
              while [ $# -gt 0 ]; do [ "$1" = --listen ] && port="${2##*:}"; shift; done
              sleep 1
              echo "  Status page:  http://127.0.0.1:$port/"
              echo "  Pairing code: ${WK_TEST_RUN}0$port (once, 5 minutes)"
              exec sleep 600
            fi
            exec "$WK_TEST_JAVA" "${args[@]}"
            """;

    @TempDir
    Path dir;
    private Path root;
    private Path jdk;
    private String admin;
    private String mqtt;
    private String shop;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void aCheckoutWithBuiltJars() throws IOException {
        assertThat(HQ_JAR).as("HQ's jar, built in the package phase").isRegularFile();
        root = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(LAUNCHER, root.resolve("wk-edge"));
        Path catalog = root.resolve("agent/src/main/resources/demo/catalog.json");
        Files.createDirectories(catalog.getParent());
        Files.copy(DEMO_CATALOG, catalog);
        Files.setLastModifiedTime(catalog, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        for (String jar : List.of("agent/target/wk-edge-agent.jar", "hq-broker/target/wk-edge-hq.jar",
                "provisioning/target/wk-edge-provisioning.jar")) {
            Files.createDirectories(root.resolve(jar).getParent());
            Files.writeString(root.resolve(jar), "stand-in; the launcher only checks that it exists");
        }
        Files.writeString(root.resolve("agent/target/.wk-edge-built"), "");
        jdk = Files.createDirectories(dir.resolve("jdk/bin")).getParent();
        Path java = Files.writeString(jdk.resolve("bin/java"), FAKE_JAVA);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        admin = "127.0.0.1:" + freePort();
        mqtt = "127.0.0.1:" + freePort();
        shop = "127.0.0.1:" + freePort();
    }

    @AfterEach
    void stopWhatIsLeft() {
        for (Process p : started) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aRestartKeepsHqsPriceChangeAppendsTheLogsAndShowsOnlyThisStartsCodes() throws Exception {
        Demo first = start(1);
        String banner = first.awaitBanner();
        assertThat(first.output()).contains("catalog.json imported: version 1");
        assertThat(banner).contains("pairing code for a screen: 108080", "pairing code for a screen: 108081",
                "http://127.0.0.1:8080/");
        assertThat(banner).contains("Web shop:     http://" + shop + "/retail/state");
        await("the web-shop simulator's order reached HQ, for nord", Duration.ofSeconds(60), () -> {
            try {
                JsonNode orders = hq("GET", "/api/v1/shop/orders", null, 200).path("orders");
                return orders.size() == 1 && orders.get(0).path("branch").asText().equals("nord");
            } catch (Exception e) {
                return false;
            }
        });
        hq("POST", "/api/v1/prices", "{\"sku\":\"COF-250\",\"amount\":499,\"branches\":[]}", 201);
        first.stop();

        Demo second = start(2);
        banner = second.awaitBanner();
        assertThat(second.output()).contains("HQ already has a catalog (version 2)").doesNotContain("imported: version");
        assertThat(banner).as("the codes this start printed, not the last run's")
                .contains("pairing code for a screen: 208080", "pairing code for a screen: 208081")
                .doesNotContain("108080", "108081");
        assertThat(CatalogImportIT.price(hq("GET", "/api/v1/catalog", null, 200), "COF-250"))
                .as("the price set at HQ survived the restart").isEqualTo(499);
        assertThat(hq("GET", "/api/v1/health", null, 200).path("downstreamVersion").asLong()).isEqualTo(2);
        second.stop();

        String nord = Files.readString(root.resolve(".demo/nord.log"));
        assertThat(nord.split("\n")).filteredOn(l -> l.matches("--- \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d .* demo start ---"))
                .hasSize(2);
        assertThat(nord.indexOf("108080")).as("the first run's lines are kept, before the second's")
                .isPositive().isLessThan(nord.lastIndexOf("demo start ---")).isLessThan(nord.indexOf("208080"));
        String hqLog = Files.readString(root.resolve(".demo/hq.log"));
        assertThat(hqLog.split("demo start ---", -1)).hasSize(3);
        assertThat(hqLog.split("HQ admin API on", -1)).as("both HQ starts are in its log").hasSize(3);
    }

    private final class Demo {
        private final Process process;
        private final Path output;

        Demo(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        String output() throws IOException {
            return Files.readString(output, StandardCharsets.UTF_8);
        }

        String awaitBanner() throws IOException {
            await("the demo's banner", Duration.ofSeconds(120), () -> {
                try {
                    return !process.isAlive() || output().contains("Press Ctrl-C to stop.");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(process.isAlive()).as("the demo runs:\n%s", output()).isTrue();
            String out = output();
            return out.substring(out.indexOf("WK Edge demo is running"));
        }

        /** SIGTERM, which the launcher handles as it handles Ctrl-C: it stops HQ and both branches and ends. */
        void stop() throws Exception {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the demo ends on SIGTERM").isTrue();
            await("HQ and the branches to end", Duration.ofSeconds(30),
                    () -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(output()).contains("WK Edge demo stopped.");
        }
    }

    private Demo start(int run) throws IOException {
        Path output = dir.resolve("demo-" + run + ".out");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("wk-edge").toString(), "demo")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("WK_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("WK_TEST_HQ_JAR", HQ_JAR.toString());
        pb.environment().put("WK_TEST_RUN", Integer.toString(run));
        pb.environment().put("WK_EDGE_DEMO_HQ", admin);
        pb.environment().put("WK_EDGE_DEMO_MQTT", mqtt);
        pb.environment().put("WK_EDGE_DEMO_SHOP", shop);
        pb.environment().remove("WK_EDGE_HQ_STATE_DIR");
        pb.environment().remove("WK_EDGE_HQ_TOKEN");
        Process p = pb.start();
        started.add(p);
        return new Demo(p, output);
    }

    private JsonNode hq(String method, String path, String body, int status) throws Exception {
        String token = Files.readString(root.resolve(".demo/hq").resolve(AdminToken.FILE)).strip();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + admin + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
            return SyncCodec.MAPPER.readTree(r.body());
        }
    }

    private static void await(String what, Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound.toSeconds() + " s: " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

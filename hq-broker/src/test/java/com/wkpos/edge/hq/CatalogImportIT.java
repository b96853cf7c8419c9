package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hq catalog import FILE --if-absent} against a real HQ on a random loopback port: it seeds an HQ
 * without a catalog and leaves one that has a catalog (with the prices set there since) as it is.
 */
class CatalogImportIT {
    static final Path DEMO_CATALOG = Path.of("../agent/src/main/resources/demo/catalog.json");
    @TempDir
    Path dir;
    private Hq hq;
    private String url;
    private String out;
    private String err;

    @BeforeEach
    void start() {
        hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen", "127.0.0.1:0",
                "--mqtt-listen", "127.0.0.1:0", "--tenant", "demo")), Clock.systemUTC(), List.of());
        url = "http://127.0.0.1:" + hq.port();
    }

    @AfterEach
    void stop() {
        hq.close();
    }

    @Test
    void ifAbsentImportsOnceAndNeverUndoesAPriceChange() throws Exception {
        assertThat(cli("catalog", "import", DEMO_CATALOG.toString(), "--if-absent")).as(err).isZero();
        assertThat(out).contains("imported: version 1");
        assertThat(cli("price", "set", "COF-250", "499")).as(err).isZero();

        assertThat(cli("catalog", "import", DEMO_CATALOG.toString(), "--if-absent")).as(err).isZero();
        assertThat(out).contains("HQ already has a catalog (version 2)", "not imported");
        assertThat(hq.downstreams().head("demo")).as("nothing was published").isEqualTo(2);
        assertThat(price(catalog(), "COF-250")).isEqualTo(499);

        assertThat(cli("catalog", "import", DEMO_CATALOG.toString())).as("without the option it replaces").isZero();
        assertThat(price(catalog(), "COF-250")).isNotEqualTo(499);
    }

    @Test
    void aMissingFileIsAUsageErrorAndPublishesNothing() {
        assertThat(cli("catalog", "import", dir.resolve("nope.json").toString(), "--if-absent")).isEqualTo(2);
        assertThat(err).contains("no file " + dir.resolve("nope.json")).doesNotContain("unreachable");
        assertThat(hq.downstreams().head("demo")).isZero();
    }

    @Test
    void anUnreachableHqIsReportedNotTakenForNoCatalog() {
        url = "http://127.0.0.1:1";
        assertThat(cli("catalog", "import", DEMO_CATALOG.toString(), "--if-absent")).isEqualTo(1);
        assertThat(err).contains("unreachable");
    }

    private int cli(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        List<String> full = new java.util.ArrayList<>(List.of(args));
        full.addAll(List.of("--hq", url, "--hq-state-dir", dir.resolve("hq").toString()));
        int code = HqMain.run(full, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode catalog() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port()
                    + "/api/v1/catalog")).header("Authorization", "Bearer " + hq.adminToken().value()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return SyncCodec.MAPPER.readTree(r.body());
        }
    }

    static long price(JsonNode catalog, String sku) {
        return catalog.findParents("sku").stream().filter(n -> n.path("sku").asText().equals(sku)
                && n.has("price")).findFirst().orElseThrow(() -> new AssertionError("no " + sku + " with a price"))
                .path("price").asLong();
    }
}

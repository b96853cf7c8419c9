package com.wkpos.edge.agent.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.scanner.SimScanner;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent with simulated devices driven through the real drivers, over the real API. */
class DevicesIT {
    private static final String SALE = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],"
            + "\"payments\":[{\"method\":\"CASH\",\"amount\":1000}]}";

    @TempDir
    Path dir;
    private Agent agent;
    private Http http;

    private void start(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--state-dir", dir.toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--demo-till", "--devices", "sim"));
        args.addAll(List.of(extra));
        TestLicense license = new TestLicense(dir);
        license.installFor(dir);
        args.addAll(license.args());
        agent = Agent.start(AgentConfig.parse(args), Clock.systemUTC());
        http = Http.cashier(agent);
        await(() -> agent.devices().printer().isPresent() && agent.devices().drawer().isPresent(), "devices up");
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private PrinterSimulator printer() {
        return agent.drivers().printerSimulator();
    }

    private String sell() throws Exception {
        Http.Response r = http.post("/api/v1/sales", SALE, UUID.randomUUID().toString());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void aCashSalePrintsItsReceiptOnceAndOpensTheDrawer() throws Exception {
        start();
        String id = sell();
        List<String> receipts = printer().awaitReceipts(1, Duration.ofSeconds(15));
        assertThat(receipts.getFirst()).contains("House Blend Coffee").contains("€").contains(id).doesNotContain("COPY");
        await(() -> printer().drawerKicks(2) == 2, "drawer kicked on pin 2: for the shift's float, then for the sale");
        await(() -> agent.printQueue().pending() == 0, "queue drained");
        assertThat(printer().receipts()).hasSize(1);
        assertThat(Files.list(dir.resolve("sim-printer")).map(p -> p.getFileName().toString()))
                .contains("receipt-00001.txt", "receipt-00001.png");
    }

    @Test
    void aRestartFilesItsReceiptsAfterThoseOfTheLastRunInsteadOfOverwritingThem() throws Exception {
        start();
        String before = sell();
        printer().awaitReceipts(1, Duration.ofSeconds(15));
        await(() -> Files.exists(dir.resolve("sim-printer/receipt-00001.png")), "first receipt filed");
        agent.close();

        start();
        String after = sell();
        printer().awaitReceipts(1, Duration.ofSeconds(15));

        await(() -> Files.exists(dir.resolve("sim-printer/receipt-00002.png")), "second run's receipt filed");
        assertThat(Files.readString(dir.resolve("sim-printer/receipt-00001.txt"))).contains(before);
        assertThat(Files.readString(dir.resolve("sim-printer/receipt-00002.txt"))).contains(after);
    }

    @Test
    void paperOutHoldsReceiptsWhileSalesGoOnAndReloadPrintsEachExactlyOnce() throws Exception {
        start();
        printer().setPaperOut(true);
        await(() -> "PAPER_OUT".equals(health().at("/devices/printer/status").asText()), "paper out seen");
        String first = sell();
        String second = sell();
        assertThat(agent.printQueue().pending()).isEqualTo(2);
        assertThat(printer().receipts()).isEmpty();
        printer().setPaperOut(false);
        List<String> printed = printer().awaitReceipts(2, Duration.ofSeconds(15));
        assertThat(printed.get(0)).contains(first);
        assertThat(printed.get(1)).contains(second);
        await(() -> agent.printQueue().pending() == 0, "queue drained");
        assertThat(printer().receipts()).hasSize(2);
    }

    @Test
    void paperRunningOutMidReceiptReprintsTheWholeReceiptOnceAfterReload() throws Exception {
        start();
        printer().paperOutAfter(150);
        String id = sell();
        await(() -> !printer().torn().isEmpty(), "receipt torn by paper out");
        await(() -> agent.printQueue().forSale(id).getFirst().lastError() != null, "failure recorded");
        assertThat(printer().receipts()).isEmpty();
        printer().setPaperOut(false);
        List<String> printed = printer().awaitReceipts(1, Duration.ofSeconds(15));
        assertThat(printed.getFirst()).contains(id).contains("SUMME");
        await(() -> agent.printQueue().pending() == 0, "queue drained");
        assertThat(printer().receipts()).hasSize(1);
    }

    @Test
    void aReprintIsMarkedCopy() throws Exception {
        start();
        String id = sell();
        printer().awaitReceipts(1, Duration.ofSeconds(15));
        Http.Response r = http.post("/api/v1/sales/" + id + "/receipt", "", null);
        assertThat(r.status()).isEqualTo(202);
        List<String> printed = printer().awaitReceipts(2, Duration.ofSeconds(15));
        assertThat(printed.get(1)).contains("COPY").contains(id);
        assertThat(http.get("/api/v1/sales/" + id + "/receipts").json().get("jobs")).hasSize(2);
        assertThat(http.post("/api/v1/sales/nope/receipt", "", null).status()).isEqualTo(404);
    }

    @Test
    void badDeviceUrisShowAClearStateAndSalesStillCommit() throws Exception {
        start("--device", "terminal=bogus:thing", "--device", "scanner=serial:/dev/wk-edge-no-such-tty");
        JsonNode devices = health().get("devices");
        assertThat(devices.at("/terminal/status").asText()).isEqualTo("ERROR");
        assertThat(devices.at("/terminal/detail").asText()).contains("bogus");
        assertThat(devices.at("/scanner/status").asText()).isIn("OFFLINE", "ERROR");
        sell();
        assertThat(printer().awaitReceipts(1, Duration.ofSeconds(15))).hasSize(1);
    }

    @Test
    void screensHearScans() throws Exception {
        start();
        LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        WebSocket ws = http.client().newWebSocketBuilder().header("Authorization", "Bearer " + http.token()).buildAsync(
                http.wsUri("/api/v1/events"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        messages.add(data.toString());
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            assertThat(messages.poll(10, TimeUnit.SECONDS)).as("the connected message").contains("\"type\":\"connected\"");
            await(() -> agent.devices().scanner().isPresent(), "scanner up");
            ((SimScanner) agent.devices().scanner().orElseThrow()).scan("4006381333931");
            String message;
            do {
                message = messages.poll(10, TimeUnit.SECONDS);
                assertThat(message).as("a scan event").isNotNull();
            } while (!message.contains("\"type\":\"scan\""));
            assertThat(message).contains("4006381333931").contains("\"device\":\"scanner\"");
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private JsonNode health() {
        try {
            return http.get("/api/v1/health").json();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

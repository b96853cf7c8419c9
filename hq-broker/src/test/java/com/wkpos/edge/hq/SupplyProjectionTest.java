package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Command;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.Pull;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttTransport;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Transfers and purchase orders reaching HQ as the boxes' journal entries (ADR 013), through HqSync on a real
 * store (SQLite, and PostgreSQL when reachable): each step stored once and told, signed and numbered per
 * branch, to the other party; wrong-party, unknown-branch and unreadable steps; pulls that catch a branch up.
 */
class SupplyProjectionTest {
    @TempDir
    Path dir;
    private final HqBadInputTest.MovableClock clock = new HqBadInputTest.MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<String[]> published = new ArrayList<>();
    private final KeyPair keys = Ed25519.generate();
    private final Ed25519.Verifier verifier = new Ed25519.Verifier(keys.getPublic());
    private HqDatabase db;
    private HqSync sync;
    private final TillEntries a = new TillEntries("dev-a");
    private final TillEntries b = new TillEntries("dev-b");
    private final Map<TillEntries, Integer> uploaded = new LinkedHashMap<>();

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    private HqDatabase open(String store) {
        db = HqDatabase.open(store.equals("sqlite") ? null : store, dir);
        sync = new HqSync(db, new Downstreams(db, clock), new HqMetrics(), new Ed25519.Signer(keys), clock,
                com.wkpos.edge.hq.license.HqLicense.open(dir, db.dataSource(), clock));
        sync.attach(new MqttTransport() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
                published.add(new String[] {topic, new String(payload, java.nio.charset.StandardCharsets.UTF_8)});
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public void close() {
            }
        });
        a.append("till.started", "{}");
        b.append("till.started", "{}");
        upload(a, "A");
        upload(b, "B");
        return db;
    }

    /** Sends the box's entries HQ has not had yet as one batch. */
    private void upload(TillEntries till, String branch) {
        int from = uploaded.getOrDefault(till, 0) + 1;
        sync.message(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, from)));
        uploaded.put(till, till.entries().size());
    }

    /** The supply commands HQ published so far, verified against HQ's key, with the device they were for. */
    private List<Sent> commands() {
        List<Sent> out = new ArrayList<>();
        for (String[] p : published) {
            if (p[0].endsWith("/down/cmd")) {
                Command cmd = SyncCodec.decode(p[1].getBytes(java.nio.charset.StandardCharsets.UTF_8), Command.class);
                assertThat(cmd.kind()).isEqualTo(Command.SUPPLY);
                SupplyCommand sc = SyncCodec.decode(cmd.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        SignedMessage.class).open(verifier, SupplyCommand.class);
                assertThat(p[0]).isEqualTo(Topics.downCmd(sc.tenant(), sc.branch()));
                out.add(new Sent(cmd.device(), sc));
            }
        }
        return out;
    }

    private record Sent(String device, SupplyCommand cmd) {
        String line() {
            return cmd.branch() + "#" + cmd.seq() + " " + cmd.doc().path("status").asText() + " "
                    + cmd.doc().path("step").path("name").asText() + "@" + cmd.doc().path("step").path("branch").asText();
        }
    }

    private List<String> lines() {
        return commands().stream().map(Sent::line).toList();
    }

    private List<Map<String, Object>> alarms() {
        return db.inTransaction(c -> Alarms.list(c, 50));
    }

    private long count(String sql, Object... params) {
        return db.inTransaction(c -> Sql.number(c, sql, params));
    }

    private static Map<String, Object> line(String sku, String field, long qty) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("sku", sku);
        l.put(field, qty);
        return l;
    }

    private static Map<String, Object> step(String id, String at, Object... more) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("transferId", id);
        p.put("actor", "staff:anna");
        p.put("at", at);
        for (int i = 0; i < more.length; i += 2) {
            p.put((String) more[i], more[i + 1]);
        }
        return p;
    }

    private static Map<String, Object> move(String sku, long delta) {
        return Map.of("sku", sku, "delta", delta);
    }

    private void request(TillEntries till, String id, String from, String to) {
        till.append("transfer.requested", step(id, "2026-12-07T09:00:00Z", "from", from, "to", to, "note", "for the weekend",
                "lines", List.of(line("COF-250", "requested", 5), line("BAK-CRO", "requested", 2))));
    }

    /** B asks A; A approves and ships less of one line; B receives one short and says why; A closes. */
    private void fullFlow() {
        request(b, "t1", "A", "B");
        upload(b, "B");
        a.append("transfer.approved", step("t1", "2026-12-07T09:10:00Z"));
        a.append("transfer.shipped", step("t1", "2026-12-07T09:20:00Z", "lines", List.of(line("COF-250", "shipped", 5),
                line("BAK-CRO", "shipped", 1)), "stock", List.of(move("COF-250", -5), move("BAK-CRO", -1))));
        upload(a, "A");
        Map<String, Object> cof = line("COF-250", "received", 4);
        cof.put("reason", "one bag torn");
        Map<String, Object> bak = line("BAK-CRO", "received", 1);
        bak.put("reason", null);
        b.append("transfer.received", step("t1", "2026-12-07T11:00:00Z", "lines", List.of(cof, bak),
                "status", "PARTIALLY_RECEIVED", "stock", List.of(move("COF-250", 4), move("BAK-CRO", 1))));
        upload(b, "B");
        a.append("transfer.closed", step("t1", "2026-12-07T12:00:00Z", "reason", "torn bag written off"));
        upload(a, "A");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void eachStepIsToldSignedAndInOrderToTheOtherBranchOnly(String store) {
        try (HqDatabase opened = open(store)) {
            fullFlow();
            assertThat(lines()).containsExactly("A#1 PENDING requested@B", "B#1 APPROVED approved@A",
                    "B#2 SHIPPED shipped@A", "A#2 PARTIALLY_RECEIVED received@B", "B#3 CLOSED closed@A");
            assertThat(commands()).allSatisfy(s -> {
                assertThat(s.device()).isEqualTo(s.cmd().branch().equals("A") ? "dev-a" : "dev-b");
                assertThat(s.cmd().kind()).isEqualTo(SupplyCommand.TRANSFER);
                assertThat(s.cmd().issuedAt()).isEqualTo("2026-12-07T10:00:00Z");
            });
            JsonNode received = commands().get(3).cmd().doc();
            assertThat(received.path("transferId").asText()).isEqualTo("t1");
            assertThat(received.path("from").asText()).isEqualTo("A");
            assertThat(received.path("to").asText()).isEqualTo("B");
            assertThat(received.path("note").asText()).isEqualTo("for the weekend");
            assertThat(received.path("lines").toString()).isEqualTo("[{\"reason\":null,\"received\":1,\"requested\":2,"
                    + "\"shipped\":1,\"sku\":\"BAK-CRO\"},{\"reason\":\"one bag torn\",\"received\":4,\"requested\":5,"
                    + "\"shipped\":5,\"sku\":\"COF-250\"}]");
            assertThat(received.path("step").toString()).isEqualTo("{\"actor\":\"staff:anna\",\"at\":\"2026-12-07T11:00:00Z\","
                    + "\"branch\":\"B\",\"name\":\"received\",\"reason\":null}");
            assertThat(commands().get(4).cmd().doc().path("step").path("reason").asText()).isEqualTo("torn bag written off");
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> HqViews.stock(c, "acme", null))).containsExactly(
                    Map.of("branch", "A", "sku", "BAK-CRO", "movement", -1L, "onHand", -1L, "moves", 1L),
                    Map.of("branch", "A", "sku", "COF-250", "movement", -5L, "onHand", -5L, "moves", 1L),
                    Map.of("branch", "B", "sku", "BAK-CRO", "movement", 1L, "onHand", 1L, "moves", 1L),
                    Map.of("branch", "B", "sku", "COF-250", "movement", 4L, "onHand", 4L, "moves", 1L));
            assertThat(db.<Map<String, Object>>inTransaction(c -> Transfers.show(c, "acme", "t1").orElseThrow()))
                    .satisfies(t -> {
                        assertThat(t.get("status")).isEqualTo("CLOSED");
                        assertThat(t.get("requestedBy")).isEqualTo("B");
                        assertThat((List<?>) t.get("steps")).hasSize(5);
                    });
            assertThat(alarms()).isEmpty();

            int before = published.size();
            uploaded.clear();
            upload(a, "A");
            upload(b, "B");
            assertThat(published.subList(before, published.size())).extracting(p -> p[0]).as("only the acks")
                    .containsExactly(Topics.downAck("acme", "A"), Topics.downAck("acme", "B"));
            assertThat(count("SELECT COUNT(*) FROM hq_transfer_steps")).isEqualTo(5);
            assertThat(count("SELECT COUNT(*) FROM hq_supply_commands")).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void stepsReceiptsAndCommandsAreAppendOnly(String store) {
        try (HqDatabase opened = open(store)) {
            fullFlow();
            Supply supply = new Supply(db, clock, sent -> { });
            String po = (String) supply.createPurchaseOrder("acme", "B", "Mühle", List.of(
                    new Transfers.Request("FLOUR", 10)), null).get("poId");
            supply.sendPurchaseOrder("acme", po);
            b.append("po.received", receipt(po, "r1", "RECEIVED", line("FLOUR", "qty", 10)));
            upload(b, "B");
            for (String table : List.of("hq_transfer_steps", "hq_po_receipts", "hq_supply_commands")) {
                assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> db.inTransaction(c ->
                        Sql.update(c, "DELETE FROM " + table)))).as(table).hasMessageContaining("append-only");
            }
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> db.inTransaction(c ->
                    Sql.update(c, "UPDATE hq_supply_commands SET doc = '{}'")))).hasMessageContaining("append-only");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReplayedStepFromAnotherEntryChangesNothingAndSendsNothing(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "A", "B");
            upload(b, "B");
            a.append("transfer.approved", step("t1", "2026-12-07T09:10:00Z"));
            a.append("transfer.approved", step("t1", "2026-12-07T09:11:00Z"));
            request(b, "t1", "A", "B");
            upload(a, "A");
            upload(b, "B");
            assertThat(lines()).containsExactly("A#1 PENDING requested@B", "B#1 APPROVED approved@A");
            assertThat(count("SELECT COUNT(*) FROM hq_transfer_steps")).isEqualTo(2);
            assertThat(alarms()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRequestUnderAnIdTakenByAnotherTransferIsAlarmedAndTheFirstStands(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "A", "B");
            request(b, "t1", "C", "B");
            upload(b, "B");
            assertThat(lines()).containsExactly("A#1 PENDING requested@B");
            assertThat(count("SELECT COUNT(*) FROM hq_transfers")).isEqualTo(1);
            assertThat(alarms()).singleElement().asString().contains("supply-id-conflict");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aStepByABranchWithNoSayIsAlarmedAndIgnored(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "A", "B");
            b.append("transfer.approved", step("t1", "2026-12-07T09:10:00Z"));
            b.append("transfer.shipped", step("t1", "2026-12-07T09:20:00Z", "lines", List.of(line("COF-250", "shipped", 5))));
            b.append("transfer.closed", step("t9", "2026-12-07T09:20:00Z"));
            upload(b, "B");
            request(a, "t2", "B", "B");
            a.append("transfer.received", step("t1", "2026-12-07T11:00:00Z", "lines", List.of(), "status", "RECEIVED"));
            upload(a, "A");
            assertThat(lines()).containsExactly("A#1 PENDING requested@B");
            assertThat(alarms()).hasSize(5).allSatisfy(x -> assertThat(x.get("kind")).isEqualTo("supply-step-refused"))
                    .extracting(x -> (String) x.get("detail"))
                    .anySatisfy(d -> assertThat(d).contains("transfer t1 approved by branch B; only A may"))
                    .anySatisfy(d -> assertThat(d).contains("transfer t1 shipped by branch B; only A may"))
                    .anySatisfy(d -> assertThat(d).contains("closed of unknown transfer t9"))
                    .anySatisfy(d -> assertThat(d).contains("transfer t2 requested by branch A for branch B"))
                    .anySatisfy(d -> assertThat(d).contains("transfer t1 received by branch A; only B may"));
            assertThat(count("SELECT COUNT(*) FROM hq_transfer_steps")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM hq_transfers WHERE status = 'PENDING'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM hq_transfer_lines WHERE shipped > 0")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aRequestFromAnUnknownBranchOrItselfIsRejectedByHqToTheRequesterOnly(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "ghost", "B");
            request(b, "t2", "B", "B");
            upload(b, "B");
            assertThat(lines()).containsExactly("B#1 REJECTED rejected@hq", "B#2 REJECTED rejected@hq");
            assertThat(commands()).extracting(s -> s.cmd().doc().path("step").path("reason").asText())
                    .containsExactly("unknown branch ghost", "transfer to itself");
            assertThat(commands().getFirst().cmd().doc().path("step").path("actor").asText()).isEqualTo("hq");
            assertThat(count("SELECT COUNT(*) FROM hq_transfer_steps WHERE transfer_id = 't1'")).as("requested, rejected")
                    .isEqualTo(2);
            assertThat(alarms()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void malformedEntriesAreAlarmedChangeNothingAndDoNotStallTheOnesAfter(String store) {
        try (HqDatabase opened = open(store)) {
            b.append("transfer.requested", "{\"from\":\"A\",\"to\":\"B\",\"lines\":[{\"sku\":\"X\",\"requested\":1}]}");
            b.append("transfer.requested", step("t1", "2026-12-07T09:00:00Z", "from", "A", "to", "B", "lines", "COF-250"));
            b.append("transfer.requested", step("t2", "2026-12-07T09:00:00Z", "from", "A", "to", "B",
                    "lines", List.of(line("COF-250", "requested", -3))));
            b.append("transfer.requested", step("t3", "yesterday", "from", "A", "to", "B",
                    "lines", List.of(line("COF-250", "requested", 3))));
            b.append("supply.applied", "{\"cmdSeq\":\"three\",\"kind\":\"transfer\",\"doc\":{}}");
            b.append("po.received", "[1]");
            b.append("supply.applied", "{\"cmdSeq\":3,\"kind\":\"transfer\",\"doc\":{}}");
            b.append("supply.applied", "{\"cmdSeq\":2,\"kind\":\"transfer\",\"doc\":{}}");
            request(b, "t4", "A", "B");
            upload(b, "B");
            assertThat(count("SELECT acked_seq FROM hq_devices WHERE device_id = 'dev-b'")).isEqualTo(10);
            assertThat(alarms()).filteredOn(x -> !x.get("kind").equals("supply-malformed")).as("no command 3 was made")
                    .singleElement().satisfies(x -> assertThat(x.get("kind")).isEqualTo("supply-seq-ahead"));
            assertThat(alarms()).filteredOn(x -> x.get("kind").equals("supply-malformed")).hasSize(6)
                    .extracting(x -> (String) x.get("detail"))
                    .anySatisfy(d -> assertThat(d).contains("transferId must be a non-empty string"))
                    .anySatisfy(d -> assertThat(d).contains("lines must be an array"))
                    .anySatisfy(d -> assertThat(d).contains("requested must not be negative, was -3"))
                    .anySatisfy(d -> assertThat(d).contains("at must be an instant, was yesterday"))
                    .anySatisfy(d -> assertThat(d).startsWith("supply.applied").contains("cmdSeq must be a whole number"))
                    .anySatisfy(d -> assertThat(d).startsWith("po.received").contains("not a JSON object"));
            assertThat(count("SELECT COUNT(*) FROM hq_transfers")).as("only t4").isEqualTo(1);
            assertThat(lines()).containsExactly("A#1 PENDING requested@B");
            assertThat(count("SELECT applied_seq FROM hq_supply_delivery WHERE tenant = 'acme' AND branch = 'B'"))
                    .as("the highest applied, never back").isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPullNamingTheLastAppliedSeqGetsEveryLaterCommandOnTheFirstDeviceOnly(String store) {
        try (HqDatabase opened = open(store)) {
            fullFlow();
            TillEntries b2 = new TillEntries("dev-b2");
            b2.append("till.started", "{}");
            upload(b2, "B");
            published.clear();
            sync.message(Topics.upPull("acme", "B"), SyncCodec.encode(new Pull("dev-b", 0, null, 1L)));
            assertThat(lines()).containsExactly("B#2 SHIPPED shipped@A", "B#3 CLOSED closed@A");
            assertThat(commands()).extracting(Sent::device).containsOnly("dev-b");
            published.clear();
            sync.message(Topics.upPull("acme", "B"), SyncCodec.encode(new Pull("dev-b", 0, null, 3L)));
            sync.message(Topics.upPull("acme", "B"), SyncCodec.encode(new Pull("dev-b2", 0, null, 0L)));
            sync.message(Topics.upPull("acme", "B"), SyncCodec.encode(new Pull("dev-b", 0)));
            assertThat(lines()).as("up to date, a second box, a pull without supplySeq").isEmpty();
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a", 0, null, 0L)));
            assertThat(lines()).containsExactly("A#1 PENDING requested@B", "A#2 PARTIALLY_RECEIVED received@B");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aSecondBoxSeenLaterOrStampedEarlierNeverTakesOverTheBranchsSupplyStream(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "A", "B");
            upload(b, "B");
            assertThat(commands()).extracting(Sent::device).containsExactly("dev-a");
            assertThat(db.<java.util.Optional<String>>inTransaction(c -> Sql.string(c, "SELECT device_id FROM hq_supply_device"
                    + " WHERE tenant = 'acme' AND branch = 'A'"))).as("pinned when first needed").contains("dev-a");

            clock.advance(java.time.Duration.ofHours(-1));
            TillEntries a0 = new TillEntries("dev-a0");
            a0.append("till.started", "{}");
            upload(a0, "A");
            assertThat(count("SELECT COUNT(*) FROM hq_devices WHERE branch = 'A' AND first_seen < "
                    + "(SELECT first_seen FROM hq_devices WHERE device_id = 'dev-a')")).as("dev-a0 looks older").isEqualTo(1);
            request(b, "t2", "A", "B");
            upload(b, "B");
            assertThat(commands()).extracting(Sent::device).containsExactly("dev-a", "dev-a");

            published.clear();
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a0", 0, null, 0L)));
            assertThat(lines()).as("the later box gets nothing").isEmpty();
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a", 0, null, 0L)));
            assertThat(commands()).extracting(s -> s.device() + " " + s.line())
                    .containsExactly("dev-a A#1 PENDING requested@B", "dev-a A#2 PENDING requested@B");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theFirstPinIsTheBoxSeenFirstByInstantNotByText(String store) {
        try (HqDatabase opened = open(store)) {
            TillEntries c1 = new TillEntries("dev-c1");
            TillEntries c2 = new TillEntries("dev-c2");
            c1.append("till.started", "{}");
            c2.append("till.started", "{}");
            upload(c1, "C");
            clock.advance(java.time.Duration.ofMillis(500));
            upload(c2, "C");
            assertThat(count("SELECT COUNT(*) FROM hq_devices WHERE device_id = 'dev-c2' AND first_seen < "
                    + "(SELECT first_seen FROM hq_devices WHERE device_id = 'dev-c1')")).as("…00.500Z sorts before …00Z")
                    .isEqualTo(1);
            request(b, "t1", "C", "B");
            upload(b, "B");
            assertThat(commands()).extracting(Sent::device).containsExactly("dev-c1");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPullAheadOfWhatHqNumberedIsAlarmedOnceAndNewCommandsFollowTheBoxsSeq(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "A", "B");
            upload(b, "B");
            TillEntries a2 = new TillEntries("dev-a2");
            a2.append("till.started", "{}");
            upload(a2, "A");
            published.clear();
            // HQ was restored from a backup taken before it made A's commands 2 to 5, which dev-a applied
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a", 0, null, 5L)));
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a", 0, null, 5L)));
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a2", 0, null, 9L)));
            assertThat(lines()).isEmpty();
            assertThat(alarms()).as("once per branch, not per pull; a box that takes no supply is not asked")
                    .singleElement().satisfies(x -> {
                        assertThat(x.get("kind")).isEqualTo("supply-seq-ahead");
                        assertThat(x.get("branch")).isEqualTo("A");
                        assertThat(x.get("device")).isEqualTo("dev-a");
                        assertThat((String) x.get("detail")).contains("applied supply command 5")
                                .contains("numbered only up to 1").contains("numbered from 6");
                    });

            request(b, "t2", "A", "B");
            upload(b, "B");
            assertThat(lines()).as("not a replay the box would ignore").containsExactly("A#6 PENDING requested@B");
            a.append("supply.applied", "{\"cmdSeq\":6,\"kind\":\"transfer\",\"doc\":{}}");
            upload(a, "A");
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a", 0, null, 6L)));
            assertThat(alarms()).hasSize(1);
            assertThat(db.<List<Map<String, Object>>>inTransaction(c -> HqViews.branches(c, clock.instant())))
                    .filteredOn(r -> r.get("device").equals("dev-a")).singleElement()
                    .satisfies(r -> assertThat(r.get("supplyPending")).isEqualTo(0L));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void anAppliedEntryAheadOfWhatHqNumberedIsAlarmedOnceAndNewCommandsFollowIt(String store) {
        try (HqDatabase opened = open(store)) {
            request(b, "t1", "A", "B");
            upload(b, "B");
            a.append("supply.applied", "{\"cmdSeq\":3,\"kind\":\"transfer\",\"doc\":{}}");
            a.append("supply.applied", "{\"cmdSeq\":4,\"kind\":\"transfer\",\"doc\":{}}");
            upload(a, "A");
            sync.message(Topics.upPull("acme", "A"), SyncCodec.encode(new Pull("dev-a", 0, null, 4L)));
            assertThat(alarms()).extracting(x -> x.get("kind") + " " + x.get("seq"))
                    .as("when the branch first got ahead, not for the next entry or the pull")
                    .containsExactly("supply-seq-ahead 2");
            request(b, "t2", "A", "B");
            upload(b, "B");
            assertThat(lines()).containsExactly("A#1 PENDING requested@B", "A#5 PENDING requested@B");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aBranchKnownOnlyByEnrollmentGetsItsCommandsWhenItsFirstBoxPulls(String store) {
        try (HqDatabase opened = open(store)) {
            com.wkpos.edge.hq.enroll.EnrollAuthority.open(dir, db.dataSource(), clock);
            db.inTransaction(c -> Sql.update(c, "INSERT INTO enroll_certificate (serial, device_name, tenant, branch,"
                    + " issued_at, expires_at, revoked_at) VALUES ('01', 'box-c', 'acme', 'C', 1, 2, NULL),"
                    + " ('02', 'box-d', 'acme', 'D', 1, 2, 3)"));
            request(b, "t1", "C", "B");
            request(b, "t2", "D", "B");
            upload(b, "B");
            assertThat(lines()).as("C has no box HQ saw yet; D's only box was revoked")
                    .containsExactly("B#1 REJECTED rejected@hq");
            assertThat(commands().getFirst().cmd().doc().path("transferId").asText()).isEqualTo("t2");
            assertThat(count("SELECT COUNT(*) FROM hq_supply_commands WHERE branch = 'C'")).isEqualTo(1);

            TillEntries c = new TillEntries("dev-c");
            c.append("till.started", "{}");
            upload(c, "C");
            sync.message(Topics.upPull("acme", "C"), SyncCodec.encode(new Pull("dev-c", 0, null, 0L)));
            assertThat(commands()).filteredOn(s -> s.cmd().branch().equals("C")).singleElement().satisfies(s -> {
                assertThat(s.device()).isEqualTo("dev-c");
                assertThat(s.line()).isEqualTo("C#1 PENDING requested@B");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aPurchaseOrderIsReceivedInPartsWithItsDiscrepanciesAndEachReceiptCountsOnce(String store) {
        try (HqDatabase opened = open(store)) {
            List<SupplyCommand> sent = new ArrayList<>();
            Supply supply = new Supply(db, clock, sent::addAll);
            String po = (String) supply.createPurchaseOrder("acme", "B", "Rösterei Nord", List.of(
                    new Transfers.Request("COF-250", 10), new Transfers.Request("BAK-CRO", 4)), "Q4").get("poId");
            assertThat(sent).isEmpty();
            supply.sendPurchaseOrder("acme", po);
            assertThat(sent).singleElement().satisfies(cmd -> {
                assertThat(cmd.branch()).isEqualTo("B");
                assertThat(cmd.seq()).isEqualTo(1);
                assertThat(cmd.kind()).isEqualTo(SupplyCommand.PURCHASE_ORDER);
                assertThat(SyncCodec.encodeString(cmd.doc())).isEqualTo("{\"branch\":\"B\",\"lines\":[{\"ordered\":4,\"received\":0,"
                        + "\"sku\":\"BAK-CRO\"},{\"ordered\":10,\"received\":0,\"sku\":\"COF-250\"}],\"note\":\"Q4\","
                        + "\"poId\":\"" + po + "\",\"status\":\"SENT\",\"supplier\":\"Rösterei Nord\"}");
            });
            b.append("po.received", receipt(po, "r1", "PARTIALLY_RECEIVED", line("COF-250", "qty", 6)));
            Map<String, Object> extra = line("MUG-01", "qty", 2);
            extra.put("reason", "supplier sent mugs we did not order");
            Map<String, Object> bak = line("BAK-CRO", "qty", 3);
            bak.put("reason", "one box missing, supplier credits it");
            b.append("po.received", receipt(po, "r2", "RECEIVED", line("COF-250", "qty", 4), bak, extra));
            upload(b, "B");
            a.append("po.received", receipt(po, "r3", "RECEIVED", line("COF-250", "qty", 1)));
            upload(a, "A");
            uploaded.clear();
            upload(b, "B");
            Map<String, Object> shown = supply.purchaseOrder("acme", po);
            assertThat(shown.get("status")).isEqualTo("RECEIVED");
            assertThat(SyncCodec.encodeString(shown.get("lines"))).isEqualTo("[{\"ordered\":4,\"received\":3,\"sku\":"
                    + "\"BAK-CRO\"},{\"ordered\":10,\"received\":10,\"sku\":\"COF-250\"},{\"ordered\":0,\"received\":2,"
                    + "\"sku\":\"MUG-01\"}]");
            assertThat((List<?>) shown.get("receipts")).hasSize(2);
            assertThat(SyncCodec.encodeString(shown.get("discrepancies"))).contains("one box missing, supplier credits it")
                    .contains("supplier sent mugs we did not order");
            assertThat(alarms()).singleElement().satisfies(x -> {
                assertThat(x.get("kind")).isEqualTo("supply-step-refused");
                assertThat((String) x.get("detail")).contains("receipt r3 by branch A against purchase order " + po);
            });
            assertThat(count("SELECT SUM(delta) FROM hq_stock_moves WHERE branch = 'B'")).isEqualTo(15);
            assertThat(sent).as("a receipt is news for HQ only").hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aReceiptAfterHqClosedTheOrderShortCountsItsGoodsAndTheOrderStaysClosed(String store) {
        try (HqDatabase opened = open(store)) {
            List<SupplyCommand> sent = new ArrayList<>();
            Supply supply = new Supply(db, clock, sent::addAll);
            String po = (String) supply.createPurchaseOrder("acme", "B", "Mühle", List.of(
                    new Transfers.Request("FLOUR", 10)), null).get("poId");
            supply.sendPurchaseOrder("acme", po);
            supply.closePurchaseOrder("acme", po, "supplier out of stock");
            assertThat(sent).extracting(c -> c.seq() + " " + c.doc().path("status").asText())
                    .containsExactly("1 SENT", "2 CLOSED");
            b.append("po.received", receipt(po, "r1", "PARTIALLY_RECEIVED", line("FLOUR", "qty", 4)));
            upload(b, "B");
            Map<String, Object> shown = supply.purchaseOrder("acme", po);
            assertThat(shown.get("status")).isEqualTo("CLOSED");
            assertThat(shown.get("closeReason")).isEqualTo("supplier out of stock");
            assertThat(SyncCodec.encodeString(shown.get("lines"))).contains("\"received\":4");
        }
    }

    private static Map<String, Object> receipt(String po, String receiptId, String status, Map<?, ?>... lines) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("poId", po);
        p.put("receiptId", receiptId);
        p.put("lines", List.of(lines));
        p.put("status", status);
        p.put("stock", java.util.Arrays.stream(lines).map(l -> move((String) l.get("sku"), ((Number) l.get("qty"))
                .longValue())).toList());
        p.put("actor", "staff:ben");
        p.put("at", "2026-12-07T10:30:00Z");
        return p;
    }
}

package com.wkpos.edge.protocol;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.SyncCodec.MalformedMessageException;
import com.wkpos.edge.protocol.fuzz.Mutations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every sync message a box or HQ takes off the broker, fed arbitrary bytes and mutated valid messages:
 * decoding returns a message or refuses it with {@link MalformedMessageException} (the receiver drops
 * and counts it), and what the receiver then does with a decoded message — check a batch, describe a
 * delta, open a signed body — never fails with anything else.
 */
class SyncMessagesFuzzTest {

    /** The corpus under src/test/resources/fuzz/sync: one valid message of each kind, by file name. */
    private static final Map<String, Class<?>> CORPUS = Map.of(
            "journal-batch.json", JournalBatch.class,
            "downstream-delta.json", Downstream.class,
            "downstream-snapshot.json", Downstream.class,
            "signed-downstream.json", SignedMessage.class,
            "supply-command.json", SupplyCommand.class,
            "command-supply.json", Command.class,
            "pull.json", Pull.class,
            "ack.json", Ack.class,
            "heartbeat.json", Heartbeat.class);
    private static final List<Class<?>> TYPES = List.of(JournalBatch.class, Downstream.class, SignedMessage.class,
            SupplyCommand.class, Command.class, Pull.class, Ack.class, Heartbeat.class, CustomerProfile.class);
    private static final List<String> NAMES = List.copyOf(new java.util.TreeSet<>(CORPUS.keySet()));

    @Test
    void everySampleOfTheCorpusRoundTripsToTheSameBytes() throws IOException {
        for (String name : NAMES) {
            byte[] bytes = sample(name);
            Object decoded = SyncCodec.decode(bytes, CORPUS.get(name));
            assertThat(new String(SyncCodec.encode(decoded), StandardCharsets.UTF_8)).as(name)
                    .isEqualTo(new String(bytes, StandardCharsets.UTF_8).strip());
        }
        JournalBatch batch = SyncCodec.decode(sample("journal-batch.json"), JournalBatch.class);
        assertThat(batch.problems()).isEmpty();
    }

    @Test
    void arbitraryBytesDecodeOrAreRefusedAsMalformed() {
        forAll(3_000, r -> r.nextBoolean() ? Mutations.bytes(r, 200)
                : Mutations.text(r, 200).getBytes(StandardCharsets.UTF_8), bytes -> {
            for (Class<?> type : TYPES) {
                refusesOnlyWith(() -> receive(bytes, type), MalformedMessageException.class);
            }
        });
    }

    @Test
    void mutatedMessagesDecodeOrAreRefusedAsMalformed() throws IOException {
        List<JsonNode> trees = new ArrayList<>();
        for (String name : NAMES) {
            trees.add(Mutations.tree(sample(name)));
        }
        forAll(3_000, r -> {
            int i = r.nextInt(NAMES.size());
            return new Mutant(CORPUS.get(NAMES.get(i)), Mutations.mutateJson(r, trees.get(i)));
        }, m -> refusesOnlyWith(() -> receive(m.bytes(), m.type()), MalformedMessageException.class));
    }

    @Test
    void signedBodiesHqGotWrongAreRefusedAsMalformedAfterTheSignatureChecks() throws IOException {
        JsonNode supply = Mutations.tree(sample("supply-command.json"));
        JsonNode downstream = Mutations.tree(sample("downstream-delta.json"));
        forAll(1_000, r -> {
            boolean isSupply = r.nextBoolean();
            byte[] body = Mutations.mutateJson(r, isSupply ? supply : downstream);
            return new Mutant(isSupply ? SupplyCommand.class : Downstream.class, body);
        }, m -> {
            String body = new String(m.bytes(), StandardCharsets.UTF_8);
            SignedMessage signed = new SignedMessage(Keys.SIGNER.keyId(), body, Keys.SIGNER.sign(body.getBytes(StandardCharsets.UTF_8)));
            refusesOnlyWith(() -> signed.open(Keys.VERIFIER, m.type()), MalformedMessageException.class);
        });
    }

    @Test
    void aSignedMessageWithAnyByteChangedDoesNotOpen() throws IOException {
        byte[] valid = sample("signed-downstream.json");
        SignedMessage original = SyncCodec.decode(valid, SignedMessage.class);
        assertThat(original.open(Keys.VERIFIER, Downstream.class).version()).isEqualTo(42);
        forAll(1_000, r -> Mutations.mutateBytes(r, valid), bytes -> {
            SignedMessage m;
            try {
                m = SyncCodec.decode(bytes, SignedMessage.class);
            } catch (MalformedMessageException e) {
                return;
            }
            if (m.body() != null && !m.body().equals(original.body())) {
                assertThatThrownBy(() -> m.open(Keys.VERIFIER, Downstream.class)).isInstanceOf(MalformedMessageException.class);
            }
        });
    }

    /** What a receiver does with the bytes of a message of {@code type}. */
    private static void receive(byte[] bytes, Class<?> type) {
        Object message = SyncCodec.decode(bytes, type);
        switch (message) {
            case JournalBatch b -> b.problems();
            case Downstream d -> d.describe();
            case SignedMessage s -> {
                s.open(Keys.VERIFIER, Downstream.class);
            }
            case Command c when Command.SUPPLY.equals(c.kind()) ->
                    SyncCodec.decode(c.body().getBytes(StandardCharsets.UTF_8), SignedMessage.class)
                            .open(Keys.VERIFIER, SupplyCommand.class);
            default -> {
            }
        }
        // canonical: what a receiver re-encodes (to hash, store or forward) reads back to the same bytes
        byte[] canonical = SyncCodec.encode(message);
        assertThat(SyncCodec.encode(SyncCodec.decode(canonical, type))).isEqualTo(canonical);
    }

    private static java.nio.file.Path corpusDir() {
        try {
            return java.nio.file.Path.of(SyncMessagesFuzzTest.class.getResource("/fuzz/sync/ack.json").toURI()).getParent();
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("the fuzz corpus fuzz/sync is missing from the test resources", e);
        }
    }

    private static KeyPair corpusKey(java.nio.file.Path dir) {
        try {
            return Ed25519.loadOrCreate(dir.resolve("hq-test.key"), dir.resolve("hq-test.pub"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the corpus signing key", e);
        }
    }

    private static byte[] sample(String name) throws IOException {
        try (InputStream in = SyncMessagesFuzzTest.class.getResourceAsStream("/fuzz/sync/" + name)) {
            if (in == null) {
                throw new IllegalStateException("fuzz corpus sample " + name + " is missing");
            }
            return in.readAllBytes();
        }
    }

    /** HQ's signing key of the corpus (a test key, in the corpus folder). */
    private static final class Keys {
        static final KeyPair HQ = corpusKey(corpusDir());
        static final Ed25519.Signer SIGNER = new Ed25519.Signer(HQ);
        static final Ed25519.Verifier VERIFIER = new Ed25519.Verifier(HQ.getPublic());
    }

    private record Mutant(Class<?> type, byte[] bytes) {
        @Override
        public String toString() {
            return type.getSimpleName() + " " + new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** Writes the corpus (run by hand when a message changes shape). */
    static void main(String[] args) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
        java.nio.file.Files.createDirectories(dir);
        Ed25519.Signer signer = new Ed25519.Signer(corpusKey(dir));
        List<JournalBatch.Entry> entries = SyncProtocolTest.chain("acme.b1.box1", 1, 3);
        JsonNode prices = SyncCodec.tree(List.of(Map.of("sku", "COF-1", "amount", 250, "branches", List.of())));
        Downstream delta = new Downstream("acme", 42, 41, false, "2026-11-21T10:00:00Z", Map.of(Downstream.PRICES, prices));
        Downstream snapshot = new Downstream("acme", 7, 0, true, "2026-11-21T10:00:00Z",
                Map.of(Downstream.CATALOG, SyncCodec.tree(Map.of("version", 7, "currency", "EUR")),
                        Downstream.USERS, SyncCodec.tree(List.of(Map.of("id", "u1", "role", "cashier")))));
        SupplyCommand supply = new SupplyCommand("acme", "b1", 3, SupplyCommand.TRANSFER, "2026-11-21T10:00:00Z",
                SyncCodec.tree(Map.of("id", "T-9", "lines", List.of(Map.of("sku", "COF-1", "qty", 5)))), "acme.b1.box1");
        Map<String, Object> samples = new java.util.LinkedHashMap<>();
        samples.put("journal-batch.json", JournalBatch.of("acme", "b1", "acme.b1.box1", entries));
        samples.put("downstream-delta.json", delta);
        samples.put("downstream-snapshot.json", snapshot);
        samples.put("signed-downstream.json", SignedMessage.sign(delta, signer));
        samples.put("supply-command.json", supply);
        samples.put("command-supply.json", new Command("acme.b1.box1", Command.SUPPLY,
                SyncCodec.encodeString(SignedMessage.sign(supply, signer))));
        samples.put("pull.json", new Pull("acme.b1.box1", 41, null, 2L));
        samples.put("ack.json", new Ack("acme.b1.box1", 3, "2026-11-21T10:00:01Z"));
        samples.put("heartbeat.json", new Heartbeat("acme.b1.box1", true, "2026-11-21T10:00:00Z", 3600, 12, 3, 3, 0,
                "2026-11-21T10:00:01Z", 42, Map.of("printer", "ONLINE", "terminal", "ONLINE")));
        for (var e : samples.entrySet()) {
            java.nio.file.Files.write(dir.resolve(e.getKey()), SyncCodec.encode(e.getValue()));
        }
    }
}

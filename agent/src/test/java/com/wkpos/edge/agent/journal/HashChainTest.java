package com.wkpos.edge.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashChainTest {
    private static final String DEVICE = "01a1fe34-9aaa-7926-855a-f262aebe6bef";

    private static String hash(String prev, long seq, String payload) {
        return HashChain.hash(prev, seq, "id-" + seq, DEVICE, 42, "sale.completed", payload);
    }

    @Test
    void sameEntryGivesTheSameHash() {
        assertThat(hash(HashChain.GENESIS, 1, "{\"a\":1}")).isEqualTo(hash(HashChain.GENESIS, 1, "{\"a\":1}"))
                .hasSize(64);
    }

    @Test
    void everyFieldAndThePredecessorChangeTheHash() {
        String base = hash(HashChain.GENESIS, 1, "{\"a\":1}");
        assertThat(hash(HashChain.GENESIS, 2, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(hash(HashChain.GENESIS, 1, "{\"a\":2}")).isNotEqualTo(base);
        assertThat(hash("1".repeat(64), 1, "{\"a\":1}")).isNotEqualTo(base);
        assertThat(HashChain.hash(HashChain.GENESIS, 1, "id-1", DEVICE, 43, "sale.completed", "{\"a\":1}")).isNotEqualTo(base);
        assertThat(HashChain.hash(HashChain.GENESIS, 1, "id-1", DEVICE, 42, "sale.voided", "{\"a\":1}")).isNotEqualTo(base);
    }

    @Test
    void holdsDetectsAnEditedPayload() {
        String h = hash(HashChain.GENESIS, 1, "{\"total\":1258}");
        var good = new JournalEntry(1, "id-1", DEVICE, 42, "sale.completed", "{\"total\":1258}", HashChain.GENESIS, h);
        var edited = new JournalEntry(1, "id-1", DEVICE, 42, "sale.completed", "{\"total\":1}", HashChain.GENESIS, h);
        assertThat(HashChain.holds(good)).isTrue();
        assertThat(HashChain.holds(edited)).isFalse();
    }

    @Test
    void canonicalJsonSortsKeysWhateverTheInputOrder() {
        assertThat(CanonicalJson.write(CanonicalJson.read("{\"b\":1,\"a\":{\"d\":2,\"c\":3}}")))
                .isEqualTo("{\"a\":{\"c\":3,\"d\":2},\"b\":1}");
        record R(String zeta, long alpha) {
        }
        assertThat(CanonicalJson.write(new R("z", 1))).isEqualTo("{\"alpha\":1,\"zeta\":\"z\"}");
    }
}

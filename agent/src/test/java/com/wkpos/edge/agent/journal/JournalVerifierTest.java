package com.wkpos.edge.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.boot.Agent;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tampering done with plain SQL (triggers dropped first), as someone with the file and sqlite3 would. */
class JournalVerifierTest {
    @TempDir
    Path dir;
    private long saleSeq;

    @BeforeEach
    void branchWithThreeSales() {
        try (TestBranch b = new TestBranch(dir)) {
            b.sell("COF-250", 1);
            saleSeq = b.journal.head().seq() + 1;
            b.sell("BAK-CRO", 2);
            b.sell("COF-250", 1);
        }
    }

    private JournalVerifier.Report verify() {
        return Agent.verifier().verify(dir);
    }

    private void tamper(String... sql) throws Exception {
        try (Connection c = Database.open(dir.resolve(Journal.FILE_NAME), false)) {
            for (String s : sql) {
                Database.exec(c, s);
            }
        }
    }

    @Test
    void appendOnlyTablesRefuseUpdateAndDelete() throws Exception {
        try (Connection c = Database.open(dir.resolve(Journal.FILE_NAME), false)) {
            for (String table : java.util.List.of("journal", "audit", "device", "sales", "sale_lines", "payments",
                    "ledger_entries", "inventory_movements")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.exec(c, "UPDATE " + table + " SET seq = seq"))
                        .as(table).hasMessageContaining("append-only");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.exec(c, "DELETE FROM " + table))
                        .as(table).hasMessageContaining("append-only");
            }
        }
        assertThat(verify().ok()).isTrue();
    }

    @Test
    void untouchedJournalVerifies() {
        JournalVerifier.Report r = verify();
        assertThat(r.ok()).as("%s", r.findings()).isTrue();
        assertThat(r.entries()).isEqualTo(saleSeq + 1);
    }

    @Test
    void editedPayloadBreaksTheChainAtThatSeq() throws Exception {
        tamper("DROP TRIGGER journal_no_update",
                "UPDATE journal SET payload = replace(payload, '\"qty\":2', '\"qty\":1') WHERE seq = " + saleSeq);
        assertThat(verify().first().orElseThrow()).satisfies(f -> {
            assertThat(f.seq()).isEqualTo(saleSeq);
            assertThat(f.check()).isEqualTo("hash-chain");
        });
    }

    @Test
    void deletedEntryIsAGap() throws Exception {
        tamper("DROP TRIGGER journal_no_delete", "DELETE FROM journal WHERE seq = " + saleSeq);
        assertThat(verify().first().orElseThrow().seq()).isEqualTo(saleSeq);
    }

    @Test
    void editedSaleRowDisagreesWithTheReplay() throws Exception {
        tamper("DROP TRIGGER sales_no_update", "UPDATE sales SET total = total - 100 WHERE seq = " + saleSeq);
        JournalVerifier.Finding f = verify().first().orElseThrow();
        assertThat(f.seq()).isEqualTo(saleSeq);
        assertThat(f.check()).isEqualTo("projection sales");
    }

    @Test
    void unbalancedLedgerIsFound() throws Exception {
        tamper("DROP TRIGGER ledger_entries_no_update",
                "UPDATE ledger_entries SET debit = debit + 1 WHERE seq = " + saleSeq + " AND debit > 0");
        assertThat(verify().findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo("ledger-balance");
            assertThat(f.seq()).isEqualTo(saleSeq);
        });
    }

    @Test
    void invoiceGapIsFound() throws Exception {
        tamper("DROP TRIGGER sales_no_update", "UPDATE sales SET invoice_no = 7 WHERE seq = " + saleSeq);
        assertThat(verify().findings()).anySatisfy(f -> {
            assertThat(f.check()).isEqualTo("invoice-sequence");
            assertThat(f.seq()).isEqualTo(saleSeq);
        });
    }

    @Test
    void stockChangedBehindTheJournalsBackIsFound() throws Exception {
        tamper("UPDATE stock SET on_hand = on_hand + 5 WHERE sku = 'BAK-CRO'");
        assertThat(verify().findings()).anySatisfy(f -> assertThat(f.check()).isEqualTo("projection stock"));
    }
}

package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.FiscalTill.BEANS;
import static com.wkpos.edge.agent.fiscal.FiscalTill.MUG;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code journal verify} on a box whose fiscal records someone edited in the SQLite file (the triggers that
 * guard a signed record dropped first, as a tamperer would): every such edit is reported.
 */
class FiscalTamperTest {
    @TempDir
    Path dir;
    private Path box;
    private SaleView first;
    private SaleView second;

    @BeforeEach
    void twoSignedSales() {
        box = dir.resolve("box");
        try (FiscalTill t = new FiscalTill(box, new FakeClock(Instant.parse("2026-03-02T09:00:00Z")))) {
            t.shifts.open(t.anna, 5_000);
            first = t.sell(new SaleRequest(List.of(line(BEANS, 1)), null, List.of(new SaleRequest.Payment("CASH", 699L))));
            second = t.sell(new SaleRequest(List.of(line(MUG, 1)), null, List.of(new SaleRequest.Payment("CASH", 1_190L))));
            t.sign();
            assertThat(t.record("sale:" + first.id())).hasValueSatisfying(r -> assertThat(r.signed()).isTrue());
        }
    }

    @Test
    void anUntouchedTillVerifies() {
        JournalVerifier.Report report = Agent.verifier().verify(box);
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void aChangedSignatureIsReported() throws Exception {
        String other = column("sale:" + second.id(), "signature");
        tamper("UPDATE fiscal_records SET signature = ? WHERE document = ?", other, "sale:" + first.id());
        assertThat(fiscalFinding()).contains("the signature of sale:" + first.id() + " does not verify");
    }

    @Test
    void aChangedAmountIsReported() throws Exception {
        String data = column("sale:" + first.id(), "process_data");
        assertThat(data).contains("6.99");
        tamper("UPDATE fiscal_records SET process_data = ? WHERE document = ?", data.replace("6.99", "0.99"),
                "sale:" + first.id());
        assertThat(fiscalFinding()).contains("the signature of sale:" + first.id() + " does not verify");
    }

    @Test
    void aSwappedTransactionNumberIsReported() throws Exception {
        String number = column("sale:" + first.id(), "tx_number");
        tamper("UPDATE fiscal_records SET tx_number = ? WHERE document = ?", number, "sale:" + second.id());
        assertThat(fiscalFinding()).contains("sale:" + second.id());
    }

    private String fiscalFinding() {
        JournalVerifier.Report report = Agent.verifier().verify(box);
        assertThat(report.ok()).isFalse();
        return report.findings().stream().filter(f -> f.check().equals("fiscal-signatures")).findFirst()
                .map(JournalVerifier.Finding::detail)
                .orElseThrow(() -> new AssertionError("no fiscal finding in " + report.findings()));
    }

    private String column(String document, String column) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + box.resolve("journal.db"));
             PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM fiscal_records WHERE document = ?")) {
            ps.setString(1, document);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private void tamper(String sql, String value, String document) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + box.resolve("journal.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP TRIGGER fiscal_records_settled");
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, value);
                ps.setString(2, document);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }
}

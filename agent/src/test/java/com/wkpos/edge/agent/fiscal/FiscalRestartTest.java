package com.wkpos.edge.agent.fiscal;

import static com.wkpos.edge.agent.fiscal.FiscalTill.BEANS;
import static com.wkpos.edge.agent.fiscal.FiscalTill.line;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.api.TseSignature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The box died after the security device signed a sale but before the journal took the answer. After the
 * restart the recorder signs that sale again and gets the same TSE transaction back, not a second one.
 */
class FiscalRestartTest {
    @TempDir
    Path dir;

    @Test
    void aRecorderThatNeverStartedClosesQuietly() {
        try (FiscalTill t = new FiscalTill(dir.resolve("box"), new FakeClock(Instant.parse("2026-03-02T09:00:00Z")))) {
            t.recorder.close();
            t.recorder.close();
        }
    }

    @Test
    void signingAgainAfterARestartReturnsTheSameTseTransaction() {
        Path box = dir.resolve("box");
        FakeClock clock = new FakeClock(Instant.parse("2026-03-02T09:00:00Z"));
        SaleView sale;
        TseSignature answered;
        try (FiscalTill t = new FiscalTill(box, clock)) {
            t.shifts.open(t.anna, 5_000);
            t.sign();
            sale = t.sell(new SaleRequest(List.of(line(BEANS, 1)), null, List.of(new SaleRequest.Payment("CASH", 699L))));
            FiscalRecord pending = t.record("sale:" + sale.id()).orElseThrow();
            assertThat(pending.pending()).isTrue();
            String client = Fiscal.clientId(t.journal.deviceId());
            try {
                t.tse.start(client, pending.document(), pending.processType(), "");
                answered = t.tse.finish(client, pending.document(), pending.processType(), pending.processData());
            } catch (com.wkpos.edge.drivers.api.FiscalException e) {
                throw new AssertionError(e);
            }
        }
        clock.advance(java.time.Duration.ofMinutes(5));
        try (FiscalTill t = new FiscalTill(box, clock)) {
            assertThat(t.record("sale:" + sale.id()).orElseThrow().pending()).as("the answer was lost").isTrue();
            t.sign();
            FiscalRecord r = t.record("sale:" + sale.id()).orElseThrow();
            assertThat(r.signed()).isTrue();
            assertThat(r.transactionNumber()).isEqualTo(answered.transactionNumber());
            assertThat(r.signatureCounter()).isEqualTo(answered.signatureCounter());
            assertThat(r.logTime()).isEqualTo(com.wkpos.edge.drivers.fiscal.TseQrCode.time(answered.logTime()));
            SaleView next = t.sell(new SaleRequest(List.of(line(BEANS, 1)), null,
                    List.of(new SaleRequest.Payment("CASH", 699L))));
            t.sign();
            assertThat(t.record("sale:" + next.id()).orElseThrow().transactionNumber())
                    .as("no TSE transaction was opened twice").isEqualTo(answered.transactionNumber() + 1);
            assertThat(Agent.verifier().verify(box).findings()).isEmpty();
        }
    }
}

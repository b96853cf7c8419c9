package com.wkpos.edge.agent.refund;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.Cashier;
import com.wkpos.edge.agent.sale.SaleRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exchanges racing each other and a refund over one sale: the unit comes back once, nothing is given twice. */
class ExchangesTest {
    @TempDir
    Path dir;

    @Test
    void ofExchangesAndARefundRacingForTheSameUnitExactlyOneWins() throws Exception {
        try (TestBranch branch = new TestBranch(dir)) {
            Exchanges exchanges = new Exchanges(branch.refunds, branch.sales);
            Cashier anna = new Cashier(branch.cashier.actor(), branch.cashier.id(), branch.cashier.name());
            for (int round = 0; round < 10; round++) {
                String saleId = branch.sales.complete(TestBranch.cash("COF-250", 1, 699), UUID.randomUUID().toString(),
                        "test").sale().id();
                List<Callable<String>> racers = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    racers.add(() -> exchanges.exchange(saleId, new Exchanges.Request(List.of(
                            new Refunds.Request.Line(1, 1L)), "swap", null, List.of(new SaleRequest.Line("BAK-CRO",
                            null, 1L)), null, List.of(), null, null), UUID.randomUUID().toString(), anna, "test")
                            .returned().id());
                }
                racers.add(() -> branch.refunds.refund(saleId, new Refunds.Request(null, "CASH", null, "back", null),
                        UUID.randomUUID().toString(), anna.actor(), anna.staffId(), "test").id());
                ExecutorService pool = Executors.newFixedThreadPool(racers.size());
                int won = 0;
                try {
                    for (Future<String> f : pool.invokeAll(racers)) {
                        try {
                            f.get();
                            won++;
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertThat(e.getCause()).isInstanceOf(Refused.class);
                            assertThat(((Refused) e.getCause()).type()).isIn("refund-above-paid", "sale-changed");
                        }
                    }
                } finally {
                    pool.shutdown();
                }
                assertThat(won).as("round " + round).isEqualTo(1);
                assertThat(branch.refunds.forSale(saleId)).hasSize(1);
            }
            long returned = branch.journal.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COALESCE(SUM(amount), 0) FROM refunds")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertThat(returned).as("one unit's worth back per sale").isEqualTo(10 * 699);
        }
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }
}

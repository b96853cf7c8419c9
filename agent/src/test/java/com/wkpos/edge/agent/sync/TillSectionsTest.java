package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.payment.ExchangeRates;
import com.wkpos.edge.agent.rule.Refused;
import com.wkpos.edge.agent.sale.SaleRejectedException;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.sale.Sales;
import com.wkpos.edge.agent.staff.Staff;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HQ's users and exchange rates as the till takes them: checked, journaled, in force, and back after a restart. */
class TillSectionsTest {
    @TempDir
    Path dir;
    private TestBranch branch;
    private Staff staff;

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        staff = new Staff(branch.journal, StaffDirectory.empty(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        branch.close();
    }

    private JournaledSection<StaffDirectory> users(Staff into) {
        return new JournaledSection<>(Downstream.USERS, branch.journal, Clock.systemUTC(),
                v -> StaffDirectory.fromHq(0, v), (version, d) -> into.adopt(new StaffDirectory(version, d.users())));
    }

    private JournaledSection<ExchangeRates> rates(Sales into) {
        return new JournaledSection<>(Downstream.EXCHANGE_RATES, branch.journal, Clock.systemUTC(), ExchangeRates::fromHq,
                (version, r) -> into.exchangeRates(r));
    }

    private static JsonNode json(String text) throws Exception {
        return SyncCodec.MAPPER.readTree(text);
    }

    private long appliedEntries() {
        return branch.journal.<Long>read(c -> {
            try (var ps = c.prepareStatement("SELECT COUNT(*) FROM journal WHERE type = ?")) {
                ps.setString(1, JournaledSection.APPLIED);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Test
    void hqUsersLogInRefuseClearPinsAndComeBackAfterARestart() throws Exception {
        String hash = PinHash.hash("4321");
        users(staff).apply(4, json("[{\"id\":\"ana\",\"name\":\"Ana\",\"role\":\"cashier\",\"pinHash\":\"" + hash + "\"}]"));
        assertThat(staff.directory().version()).isEqualTo(4);
        assertThat(staff.login("ana", "4321", "test").member().id()).isEqualTo("ana");

        assertThatThrownBy(() -> users(staff).apply(5, json("[{\"id\":\"bob\",\"name\":\"Bob\",\"role\":\"cashier\","
                + "\"pinHash\":\"" + hash + "\",\"pin\":\"9876\"}]"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clear PIN");
        assertThatThrownBy(() -> users(staff).apply(5, json("[{\"id\":\"bob\",\"name\":\"Bob\",\"role\":\"cashier\","
                + "\"pinHash\":\"9876\"}]"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Argon2id");
        assertThat(staff.directory().version()).as("a refused version changes nothing").isEqualTo(4);
        assertThat(staff.directory().find("bob")).isEmpty();
        assertThat(appliedEntries()).isEqualTo(1);
        assertThat(branch.journal.<Long>read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM journal WHERE payload LIKE '%9876%'")) {
                rs.next();
                return rs.getLong(1);
            }
        })).as("a clear PIN never reaches the journal").isZero();

        users(staff).apply(6, json("[]"));
        assertThatThrownBy(() -> staff.login("ana", "4321", "test")).isInstanceOf(Refused.class);

        Staff afterRestart = new Staff(branch.journal, StaffDirectory.empty(), Clock.systemUTC());
        assertThat(users(afterRestart).restore()).contains(6L);
        assertThat(afterRestart.directory().version()).isEqualTo(6);
        assertThat(afterRestart.directory().users()).isEmpty();
    }

    @Test
    void hqExchangeRatesTakeForeignCashAtTheNewRate() throws Exception {
        SaleRequest chf = new SaleRequest(List.of(new SaleRequest.Line("COF-250", null, 1L)), null,
                List.of(new SaleRequest.Payment("CASH", Long.valueOf(5_000), "CHF", null)));
        assertThatThrownBy(() -> branch.sales.complete(chf, UUID.randomUUID().toString(), "test"))
                .isInstanceOf(SaleRejectedException.class);

        assertThatThrownBy(() -> rates(branch.sales).apply(2, json("[{\"currency\":\"CHF\",\"rate\":\"-1\"}]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rates(branch.sales).apply(2, json("[{\"currency\":\"CHF\",\"rate\":\"lots\"}]")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(appliedEntries()).isZero();

        rates(branch.sales).apply(2, json("[{\"currency\":\"CHF\",\"rate\":\"1.10\"}]"));
        Sales.Completed sale = branch.sales.complete(chf, UUID.randomUUID().toString(), "test");
        assertThat(sale.toString()).contains("CHF");
        assertThat(branch.journal.<String>read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT payload FROM journal WHERE type = 'sale.completed'"
                    + " ORDER BY seq DESC LIMIT 1")) {
                rs.next();
                return rs.getString(1);
            }
        })).contains("\"rate\":\"1.10\"").contains("5500");
    }
}

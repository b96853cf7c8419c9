package com.wkpos.edge.agent.stock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.approval.Approvals;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Head;
import com.wkpos.edge.agent.rule.Refused;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stock reserved for orders on a real journal: available drops, on hand never moves, releases, refusals, replay. */
class StockReservationsTest {
    @TempDir
    Path dir;
    private TestBranch branch;
    private StockReservations reservations;

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        reservations = new StockReservations(branch.journal, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        branch.close();
    }

    private StockMoves moves() {
        return new StockMoves(branch.journal, Clock.systemUTC(), branch.events, new Approvals(ApprovalPolicy.none(),
                branch.staff, branch.journal, branch.events, Clock.systemUTC()), branch.catalogs);
    }

    private Stock.Level level(String sku) {
        return Stock.level(branch.journal, sku).orElseThrow();
    }

    private StockReservations.Change reserve(String id, String sku, long qty) {
        return reservations.reserve(new StockReservations.Request(id, sku, qty, "WEB-1001", null), branch.cashier);
    }

    @Test
    void aReservationLowersWhatIsAvailableAndLeavesOnHandAlone() throws Exception {
        Stock.Level before = level("COF-250");
        StockReservations.Change held = reserve(null, "COF-250", 5);
        assertThat(held.onHand()).isEqualTo(before.onHand());
        assertThat(held.reserved()).isEqualTo(5);
        assertThat(held.available()).isEqualTo(before.onHand() - 5);
        assertThat(held.reservation().status()).isEqualTo("OPEN");
        assertThat(held.reservation().openQty()).isEqualTo(5);
        assertThat(level("COF-250").onHand()).isEqualTo(before.onHand());
        assertThat(level("COF-250").available()).isEqualTo(before.onHand() - 5);
        assertThat(moves().history("COF-250", 1))
                .singleElement().satisfies(m -> {
                    assertThat(m.type()).isEqualTo("RESERVATION");
                    assertThat(m.delta()).as("on hand does not move").isZero();
                    assertThat(m.reservedDelta()).isEqualTo(5);
                    assertThat(m.refId()).isEqualTo(held.reservation().id());
                });
        JsonNode payload = lastPayload("stock.reserved");
        assertThat(payload.has("stock")).as("HQ would add a stock array to the branch's on hand").isFalse();
        assertThat(payload.get("reserved").get(0).get("delta").asLong()).isEqualTo(5);
        assertThat(reservations.list("COF-250", true, 10)).extracting(StockReservations.Reservation::id)
                .containsExactly(held.reservation().id());
        assertThat(reservations.list("COF-500", false, 10)).isEmpty();
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void reservingMoreThanIsAvailableIsRefusedAndJournalsNothing() {
        long onHand = level("COF-250").onHand();
        reserve(null, "COF-250", onHand - 2);
        Head before = branch.journal.head();
        refused(() -> reserve(null, "COF-250", 3), "not-enough-stock");
        refused(() -> reserve(null, "NO-SUCH", 1), "unknown-product");
        refused(() -> reserve(null, "COF-250", 0), "invalid-field");
        refused(() -> reserve(null, "COF-250", StockMoves.MAX_QTY + 1), "invalid-field");
        refused(() -> reserve("not-a-uuid", "COF-250", 1), "invalid-field");
        refused(() -> reservations.reserve(new StockReservations.Request(null, "COF-250", 1L, null, null),
                branch.cashier), "invalid-field");
        refused(() -> reservations.reserve(new StockReservations.Request(null, "COF-250", 1L, "W", "x".repeat(501)),
                branch.cashier), "invalid-field");
        assertThat(branch.journal.head()).isEqualTo(before);
        assertThat(reserve(null, "COF-250", 2).available()).as("exactly what is left").isZero();
    }

    @Test
    void theSameIdAgainIsRefusedAndBooksNothing() {
        String id = UUID.randomUUID().toString();
        reserve(id, "COF-250", 1);
        Head once = branch.journal.head();
        refused(() -> reserve(id, "COF-250", 1), "reservation-exists");
        assertThat(branch.journal.head()).isEqualTo(once);
        assertThat(level("COF-250").reserved()).isEqualTo(1);
    }

    @Test
    void aReleaseGivesBackWhatIsHeldOnce() throws Exception {
        long onHand = level("COF-250").onHand();
        String id = reserve(null, "COF-250", 4).reservation().id();
        StockReservations.Change released = reservations.release(id, "order cancelled", branch.cashier);
        assertThat(released.reservation().status()).isEqualTo("RELEASED");
        assertThat(released.reservation().openQty()).isZero();
        assertThat(released.reservation().releaseReason()).isEqualTo("order cancelled");
        assertThat(released.available()).isEqualTo(onHand);
        assertThat(released.onHand()).isEqualTo(onHand);
        assertThat(lastPayload("stock.released").get("reserved").get(0).get("delta").asLong()).isEqualTo(-4);
        Head after = branch.journal.head();
        refused(() -> reservations.release(id, "again", branch.cashier), "reservation-released");
        refused(() -> reservations.release(UUID.randomUUID().toString(), "who", branch.cashier), "unknown-reservation");
        refused(() -> reservations.release(id, " ", branch.cashier), "invalid-field");
        assertThat(branch.journal.head()).isEqualTo(after);
        assertThat(reservations.list(null, true, 10)).isEmpty();
        assertThat(reservations.list(null, false, 10)).hasSize(1);
        assertThat(Agent.verifier().verify(dir).findings()).isEmpty();
    }

    @Test
    void aRefusalInTheCallersTransactionTakesBackItsRelease() {
        long onHand = level("COF-250").onHand();
        String id = reserve(null, "COF-250", onHand).reservation().id();
        Head before = branch.journal.head();
        assertThatThrownBy(() -> branch.journal.submit(tx -> {
            StockReservations.release(tx, id, "fulfilled", branch.cashier.actor());
            StockReservations.reserve(tx, UUID.randomUUID().toString(), "COF-250", onHand + 1, "WEB-1002", null,
                    branch.cashier.actor());
            return null;
        }).join()).isInstanceOf(CompletionException.class).hasCauseInstanceOf(Refused.class);
        assertThat(branch.journal.head()).isEqualTo(before);
        assertThat(reservations.find(id).orElseThrow().status()).isEqualTo("OPEN");
        branch.journal.submit(tx -> StockReservations.release(tx, id, "fulfilled", branch.cashier.actor())).join();
        assertThat(level("COF-250").reserved()).isZero();
    }

    private JsonNode lastPayload(String type) {
        return branch.journal.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM journal WHERE type = ?"
                    + " ORDER BY seq DESC LIMIT 1")) {
                ps.setString(1, type);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return CanonicalJson.read(rs.getString(1));
                }
            }
        });
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String type) {
        assertThatThrownBy(call).isInstanceOf(Refused.class).satisfies(e -> assertThat(((Refused) e).type())
                .as(e.getMessage()).isEqualTo(type));
    }
}

package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.DeviceEvent;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The terminal driver against the simulator over an in-memory serial line: the whole ZVT dialogue,
 * framing, ACK/NAK and CRC included, without ports or sockets.
 */
class ZvtTerminalTest {
    private final ZvtSimulator sim = ZvtSimulator.detached();
    private final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> prompts = new CopyOnWriteArrayList<>();
    private ZvtTerminal terminal = terminal("timeout=2000&ackTimeout=500");

    private ZvtTerminal terminal(String options) {
        ZvtConfig config = ZvtConfig.from(DeviceUri.parse("zvt+serial:/dev/memory?" + options));
        ZvtTerminal t = new ZvtTerminal(config, cfg -> {
            MemoryLine line = new MemoryLine();
            sim.serve(SerialLink.open(line.ptEnd(), Duration.ofSeconds(2)));
            return SerialLink.open(line.ecrEnd(), cfg.ackTimeout());
        });
        t.onEvent(events::add);
        return t;
    }

    @AfterEach
    void stop() {
        terminal.close();
        sim.close();
    }

    @Test
    void approvedPaymentCarriesTheSlipAndTheTerminalsFields() throws DeviceException {
        CardOutcome outcome = terminal.authorize(1250, "EUR", prompts::add);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.Approved.class, a -> {
            assertThat(a.amount()).isEqualTo(1250);
            assertThat(a.receiptNo()).isEqualTo("0001");
            assertThat(a.trace()).isEqualTo("000001");
            assertThat(a.maskedPan()).isEqualTo("672600******1234");
            assertThat(a.cardType()).isEqualTo("girocard");
            assertThat(a.terminalId()).isEqualTo("52500123");
            assertThat(a.authorizedAt()).matches("\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
            assertThat(a.slip()).contains("Kartenzahlung", "Betrag EUR 12,50", "Händlerbeleg", "Kundenbeleg");
        });
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.ONLINE);
        assertThat(sim.received()).first().isEqualTo("06 01 0A 04 00 00 00 00 12 50 49 09 78");
    }

    @Test
    void terminalPromptsReachTheConsumerAndTheEventListeners() throws DeviceException {
        terminal.authorize(500, "EUR", prompts::add);

        assertThat(prompts).containsExactly("Insert card", "Please watch PIN pad");
        assertThat(events).filteredOn(e -> e.type().equals("terminal.prompt"))
                .extracting(e -> e.data().get("text"), e -> e.data().get("code"), DeviceEvent::device)
                .containsExactly(tuple("Insert card", 0x0A, terminal.uri()),
                        tuple("Please watch PIN pad", 0x01, terminal.uri()));
    }

    @Test
    void everyTerminalMessageIsAcknowledged() throws DeviceException {
        terminal.authorize(500, "EUR", null);
        terminal.register("EUR"); // the simulator logs in order: once this is done, the payment's acks are in

        List<String> log = sim.received();
        List<String> payment = log.subList(0, log.indexOf("06 00 06 00 00 00 BE 09 78"));
        // 2 prompts, 1 status information, 6 print lines for each of two copies, 1 completion
        assertThat(payment).filteredOn(hex -> hex.equals("80 00 00")).hasSize(16);
    }

    @Test
    void declineReportsTheTerminalsResultCodeAndText() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.decline(0x33));

        CardOutcome outcome = terminal.authorize(9900, "EUR", prompts::add);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.Declined.class, d -> {
            assertThat(d.resultCode()).isEqualTo(0x33);
            assertThat(d.message()).isEqualTo("0x33 declined by host (51)");
            assertThat(d.slip()).containsExactly("Zahlung nicht erfolgt");
        });
    }

    @Test
    void expiredCardIsADeclineWithTheCardReason() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.decline(0x78));

        CardOutcome outcome = terminal.authorize(100, "EUR", null);

        assertThat(outcome).isEqualTo(new CardOutcome.Declined(0x78, "0x78 card expired", List.of("Zahlung nicht erfolgt")));
    }

    @Test
    void customerCancellingAtTheTerminalIsAborted() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.ABORT_MIDWAY);

        CardOutcome outcome = terminal.authorize(100, "EUR", prompts::add);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.Aborted.class,
                a -> assertThat(a.reason()).isEqualTo("0x6C aborted by timeout or abort key"));
        assertThat(prompts).containsExactly("Insert card", "Please watch PIN pad");
    }

    @Test
    void silentTerminalEndsAsTimedOutAfterTheTimeoutOptionAndTheNextPaymentWorks() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.TIMEOUT);
        terminal.close();
        terminal = terminal("timeout=700&ackTimeout=500");
        long start = System.nanoTime();

        CardOutcome outcome = terminal.authorize(100, "EUR", null);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.TimedOut.class,
                t -> assertThat(t.detail()).contains("no completion").contains("700 ms"));
        assertThat(took).isBetween(Duration.ofMillis(650), Duration.ofSeconds(5));
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.OFFLINE);

        assertThat(terminal.authorize(100, "EUR", null)).isInstanceOf(CardOutcome.Approved.class);
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.ONLINE);
    }

    @Test
    void brokenFramesAreNakedAndTheTransactionTimesOut() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.GARBLED);
        terminal.close();
        terminal = terminal("timeout=700&ackTimeout=500");

        CardOutcome outcome = terminal.authorize(100, "EUR", null);

        assertThat(outcome).isInstanceOf(CardOutcome.TimedOut.class);
        assertThat(sim.naksFromEcr()).isPositive();
        assertThat(terminal.authorize(100, "EUR", null)).isInstanceOf(CardOutcome.Approved.class);
    }

    @Test
    void nakStormFailsTheCommandAsOfflineAndTheTerminalRecovers() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.NAK_STORM);

        assertThatThrownBy(() -> terminal.authorize(100, "EUR", null))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
                    assertThat(e.getMessage()).contains("NAKed 4 times").contains("zvt+serial:/dev/memory");
                });
        assertThat(events).anyMatch(e -> e.type().equals("device.state") && e.data().get("status").equals("OFFLINE"));

        assertThat(terminal.authorize(100, "EUR", null)).isInstanceOf(CardOutcome.Approved.class);
    }

    @Test
    void abortFromAnotherThreadEndsAWaitingPaymentAsAborted() throws Exception {
        sim.script(ZvtSimulator.Outcome.HOLD);
        terminal.close();
        terminal = terminal("timeout=10000&ackTimeout=500");
        CountDownLatch insertCard = new CountDownLatch(1);

        CompletableFuture<CardOutcome> payment = CompletableFuture.supplyAsync(() -> {
            try {
                return terminal.authorize(100, "EUR", text -> insertCard.countDown());
            } catch (DeviceException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(insertCard.await(5, TimeUnit.SECONDS)).isTrue();
        terminal.abort();

        assertThat(payment.get(5, TimeUnit.SECONDS)).isInstanceOfSatisfying(CardOutcome.Aborted.class,
                a -> assertThat(a.reason()).startsWith("aborted by the cashier"));
        assertThat(sim.commands()).containsExactly("06 01", "06 B0");
    }

    @Test
    void abortWithoutATransactionSendsNothing() throws DeviceException {
        terminal.register("EUR");

        terminal.abort();

        assertThat(sim.commands()).containsExactly("06 00");
    }

    @Test
    void approvedPaymentCanBeReversedByItsReceiptNumber() throws DeviceException {
        CardOutcome.Approved paid = (CardOutcome.Approved) terminal.authorize(1999, "EUR", null);

        CardOutcome reversal = terminal.reverse(paid.receiptNo(), null);

        assertThat(reversal).isInstanceOfSatisfying(CardOutcome.Approved.class, r -> {
            assertThat(r.amount()).isEqualTo(1999);
            assertThat(r.receiptNo()).isEqualTo("0002");
            assertThat(r.slip()).contains("Storno");
        });
        assertThat(sim.received()).contains("06 30 06 00 00 00 87 00 01");
    }

    @Test
    void reversingAnUnknownReceiptIsDeclined() throws DeviceException {
        CardOutcome reversal = terminal.reverse("77", null);

        assertThat(reversal).isInstanceOfSatisfying(CardOutcome.Declined.class,
                d -> assertThat(d.resultCode()).isEqualTo(0xB5));
    }

    @Test
    void refundSendsPasswordAndAmount() throws DeviceException {
        terminal.close();
        terminal = terminal("password=123456&timeout=2000");

        CardOutcome refund = terminal.refund(450, "EUR", null);

        assertThat(refund).isInstanceOfSatisfying(CardOutcome.Approved.class, r -> {
            assertThat(r.amount()).isEqualTo(450);
            assertThat(r.slip()).contains("Gutschrift");
        });
        assertThat(sim.received()).first().isEqualTo("06 31 0A 12 34 56 04 00 00 00 00 04 50");
    }

    @Test
    void endOfDayReturnsTheTotalsSlip() throws DeviceException {
        terminal.authorize(1000, "EUR", null);
        terminal.authorize(2750, "EUR", null);

        CardOutcome day = terminal.endOfDay(prompts::add);

        assertThat(day).isInstanceOfSatisfying(CardOutcome.Approved.class, d -> {
            assertThat(d.amount()).isEqualTo(3750);
            assertThat(d.slip()).containsExactly("Kassenschnitt", "Terminal-ID 52500123", "Anzahl 2", "Summe EUR 37,50");
        });
        assertThat(prompts).endsWith("Please wait");
    }

    @Test
    void registrationSendsPasswordConfigByteAndCurrency() throws DeviceException {
        terminal.close();
        terminal = terminal("password=123456");

        terminal.register("EUR");

        assertThat(sim.received()).first().isEqualTo("06 00 06 12 34 56 BE 09 78");
    }

    @Test
    void aSecondCallerWaitsUntilTheFirstTransactionIsDone() throws Exception {
        CompletableFuture<CardOutcome> first = CompletableFuture.supplyAsync(() -> pay(100));
        CompletableFuture<CardOutcome> second = CompletableFuture.supplyAsync(() -> pay(200));

        assertThat(first.get(10, TimeUnit.SECONDS)).isInstanceOf(CardOutcome.Approved.class);
        assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(CardOutcome.Approved.class);
        List<String> log = sim.received();
        List<Integer> payments = IntStream.range(0, log.size()).filter(i -> log.get(i).startsWith("06 01")).boxed()
                .toList();
        assertThat(payments).hasSize(2);
        assertThat(log.subList(1, payments.get(1))).as("between the two commands: the first dialogue's acks only")
                .containsOnly("80 00 00").hasSize(16);
    }

    @Test
    void closedTerminalRefusesTransactionsWithStateClosed() {
        terminal.close();

        assertThatThrownBy(() -> terminal.authorize(100, "EUR", null))
                .isInstanceOfSatisfying(DeviceException.class,
                        e -> assertThat(e.state().status()).isEqualTo(DeviceState.Status.CLOSED));
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.CLOSED);
    }

    @Test
    void misuseIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> terminal.authorize(0, "EUR", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> terminal.authorize(100, "EURO", null)).hasMessageContaining("EURO");
        assertThatThrownBy(() -> terminal.reverse("12345", null)).hasMessageContaining("12345");
        assertThat(sim.received()).isEmpty();
    }

    private CardOutcome pay(long amount) {
        try {
            return terminal.authorize(amount, "EUR", null);
        } catch (DeviceException e) {
            throw new IllegalStateException(e);
        }
    }
}

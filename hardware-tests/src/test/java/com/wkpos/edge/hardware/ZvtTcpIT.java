package com.wkpos.edge.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceState;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import com.wkpos.edge.drivers.zvt.ZvtTerminal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ZVT driver against the terminal simulator over loopback TCP, through the public entry points only. */
class ZvtTcpIT {
    private ZvtSimulator sim;
    private ZvtTerminal terminal;

    @BeforeEach
    void start() throws IOException, DeviceException {
        sim = ZvtSimulator.start();
        terminal = open("timeout=5000&ackTimeout=1000");
    }

    @AfterEach
    void stop() {
        terminal.close();
        sim.close();
    }

    private ZvtTerminal open(String options) throws DeviceException {
        return ZvtTerminal.open(DeviceUri.parse("zvt+tcp://127.0.0.1:" + sim.port() + "?" + options));
    }

    private ZvtTerminal reopen(String options) throws DeviceException {
        terminal.close();
        terminal = open(options);
        return terminal;
    }

    @Test
    void approvedPaymentCarriesSlipAndCardData() throws DeviceException {
        List<String> prompts = new CopyOnWriteArrayList<>();
        terminal.register("EUR");

        CardOutcome outcome = terminal.authorize(1250, "EUR", prompts::add);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.Approved.class, a -> {
            assertThat(a.amount()).isEqualTo(1250);
            assertThat(a.receiptNo()).isEqualTo("0001");
            assertThat(a.trace()).isEqualTo("000001");
            assertThat(a.maskedPan()).isEqualTo("672600******1234");
            assertThat(a.cardType()).isEqualTo("girocard");
            assertThat(a.terminalId()).isEqualTo("52500123");
            assertThat(a.slip()).contains("Betrag EUR 12,50", "Beleg 0001  Trace 000001");
        });
        assertThat(prompts).containsExactly("Insert card", "Please watch PIN pad");
        assertThat(sim.commands()).containsExactly("06 00", "06 01");
        assertThat(terminal.state()).isEqualTo(DeviceState.online());
    }

    @Test
    void declinedPaymentReportsTheTerminalsCode() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.decline(0x05));

        CardOutcome outcome = terminal.authorize(4200, "EUR", null);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.Declined.class, d -> {
            assertThat(d.resultCode()).isEqualTo(0x05);
            assertThat(d.message()).contains("declined by host (05)");
        });
    }

    @Test
    void cancelAtTheTerminalMidwayIsAborted() throws DeviceException {
        sim.script(ZvtSimulator.Outcome.ABORT_MIDWAY);

        assertThat(terminal.authorize(4200, "EUR", null)).isInstanceOf(CardOutcome.Aborted.class);
        assertThat(terminal.authorize(4200, "EUR", null)).as("the next payment").isInstanceOf(CardOutcome.Approved.class);
    }

    @Test
    void terminalThatFallsSilentTimesOutAfterTheTimeoutOption() throws DeviceException {
        reopen("timeout=800&ackTimeout=500");
        sim.script(ZvtSimulator.Outcome.TIMEOUT);

        CardOutcome outcome = terminal.authorize(100, "EUR", null);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.TimedOut.class,
                t -> assertThat(t.detail()).contains("within 800 ms"));
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
    }

    @Test
    void garbledAnswerTimesOutAndTheNextPaymentIsApprovedOnAFreshConnection() throws DeviceException {
        reopen("timeout=800&ackTimeout=500");
        sim.script(ZvtSimulator.Outcome.GARBLED);

        assertThat(terminal.authorize(100, "EUR", null)).isInstanceOf(CardOutcome.TimedOut.class);
        assertThat(terminal.authorize(100, "EUR", null)).isInstanceOf(CardOutcome.Approved.class);
    }

    @Test
    void abortFromAnotherThreadEndsAPaymentWaitingForTheCard() throws Exception {
        sim.script(ZvtSimulator.Outcome.HOLD);
        CountDownLatch waitingForCard = new CountDownLatch(1);

        CompletableFuture<CardOutcome> payment = CompletableFuture.supplyAsync(() -> {
            try {
                return terminal.authorize(100, "EUR", text -> waitingForCard.countDown());
            } catch (DeviceException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waitingForCard.await(5, TimeUnit.SECONDS)).isTrue();
        terminal.abort();

        assertThat(payment.get(5, TimeUnit.SECONDS)).isInstanceOf(CardOutcome.Aborted.class);
        assertThat(sim.commands()).containsExactly("06 01", "06 B0");
    }

    @Test
    void reversalRefundAndEndOfDayBalance() throws DeviceException {
        CardOutcome.Approved first = (CardOutcome.Approved) terminal.authorize(1000, "EUR", null);
        terminal.authorize(2500, "EUR", null);

        assertThat(terminal.reverse(first.receiptNo(), null)).isInstanceOf(CardOutcome.Approved.class);
        assertThat(terminal.refund(500, "EUR", null)).isInstanceOf(CardOutcome.Approved.class);
        CardOutcome day = terminal.endOfDay(null);

        assertThat(day).isInstanceOfSatisfying(CardOutcome.Approved.class, d -> {
            assertThat(d.amount()).isEqualTo(2000);
            assertThat(d.slip()).contains("Anzahl 4", "Summe EUR 20,00");
        });
        assertThat(sim.commands()).containsExactly("06 01", "06 01", "06 30", "06 31", "06 50");
    }

    @Test
    void unreachableTerminalFailsToOpenAsOffline() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> ZvtTerminal.open(DeviceUri.parse("zvt+tcp://127.0.0.1:" + closedPort)))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
                    assertThat(e.getMessage()).contains("zvt+tcp://127.0.0.1:" + closedPort);
                });
    }

    @Test
    void terminalThatWentAwayIsOfflineAndIsUsedAgainOnceBack() throws Exception {
        int port = sim.port();
        sim.close();

        assertThatThrownBy(() -> terminal.authorize(100, "EUR", null)).isInstanceOf(DeviceException.class);
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.OFFLINE);

        sim = ZvtSimulator.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        assertThat(terminal.authorize(100, "EUR", null)).isInstanceOf(CardOutcome.Approved.class);
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.ONLINE);
    }
}

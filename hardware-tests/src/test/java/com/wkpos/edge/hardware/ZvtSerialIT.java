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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ZVT driver through jssc on one end of a socat pseudo-terminal pair, the simulator on the
 * other: DLE/STX framing, CRC, ACK/NAK and timeouts on a real tty.
 */
class ZvtSerialIT {
    private static final Duration LINKS_APPEAR = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private Process socat;
    private Path ptSide;
    private Path ecrSide;
    private ZvtSimulator sim;
    private ZvtTerminal terminal;

    @BeforeEach
    void plugCable() throws Exception {
        ptSide = dir.resolve("pt");
        ecrSide = dir.resolve("ecr");
        socat = new ProcessBuilder("/usr/bin/socat", "-d", "-d", "pty,raw,echo=0,link=" + ptSide,
                "pty,raw,echo=0,link=" + ecrSide)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        long deadline = System.nanoTime() + LINKS_APPEAR.toNanos();
        while (!(Files.exists(ptSide) && Files.exists(ecrSide))) {
            assertThat(System.nanoTime()).as("socat links within %s; log: %s", LINKS_APPEAR, socatLog())
                    .isLessThan(deadline);
            assertThat(socat.waitFor(20, TimeUnit.MILLISECONDS)).as("socat exited early: %s", socatLog()).isFalse();
        }
        sim = ZvtSimulator.start();
    }

    @AfterEach
    void unplugCable() throws InterruptedException {
        if (terminal != null) {
            terminal.close();
        }
        sim.close();
        socat.destroy();
        assertThat(socat.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertNoDriverThreadLeft();
    }

    private String socatLog() {
        try {
            return Files.readString(dir.resolve("socat.log"));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private ZvtTerminal open(String options) throws DeviceException {
        terminal = ZvtTerminal.open(DeviceUri.parse("zvt+serial:" + ecrSide + "?" + options));
        return terminal;
    }

    @Test
    void approvedPaymentOverAPseudoTerminal() throws Exception {
        sim.serveSerial(ptSide.toString());
        open("timeout=5000&ackTimeout=1000");
        terminal.register("EUR");

        CardOutcome outcome = terminal.authorize(1250, "EUR", null);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.Approved.class, a -> {
            assertThat(a.amount()).isEqualTo(1250);
            assertThat(a.receiptNo()).isEqualTo("0001");
            assertThat(a.maskedPan()).isEqualTo("672600******1234");
            assertThat(a.slip()).contains("Kartenzahlung", "Händlerbeleg");
        });
        assertThat(sim.commands()).containsExactly("06 00", "06 01");
        assertThat(sim.naksFromEcr()).isZero();
    }

    @Test
    void framesWithAWrongCrcAreNakedAndThePaymentTimesOut() throws Exception {
        sim.serveSerial(ptSide.toString());
        open("timeout=1000&ackTimeout=500");
        sim.script(ZvtSimulator.Outcome.GARBLED);

        CardOutcome outcome = terminal.authorize(100, "EUR", null);

        assertThat(outcome).isInstanceOf(CardOutcome.TimedOut.class);
        assertThat(sim.naksFromEcr()).as("the driver NAKed the broken frame").isPositive();
        assertThat(terminal.authorize(100, "EUR", null)).as("the next payment").isInstanceOf(CardOutcome.Approved.class);
    }

    @Test
    void nakStormMakesTheDriverGiveUpCleanly() throws Exception {
        sim.serveSerial(ptSide.toString());
        open("timeout=5000&ackTimeout=500");
        sim.script(ZvtSimulator.Outcome.NAK_STORM);
        long start = System.nanoTime();

        assertThatThrownBy(() -> terminal.authorize(100, "EUR", null))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
                    assertThat(e.getMessage()).contains("NAKed 4 times");
                });

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(sim.commands()).as("no refused frame reached the terminal").isEmpty();
        assertThat(terminal.authorize(100, "EUR", null)).as("after the storm").isInstanceOf(CardOutcome.Approved.class);
    }

    @Test
    void terminalThatNeverAnswersFailsAfterTheAckTimeout() throws Exception {
        open("timeout=5000&ackTimeout=400");
        long start = System.nanoTime();

        assertThatThrownBy(() -> terminal.authorize(100, "EUR", null))
                .isInstanceOfSatisfying(DeviceException.class,
                        e -> assertThat(e.getMessage()).contains("no ACK within 400 ms"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(terminal.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
    }

    @Test
    void terminalThatFallsSilentAfterAcceptingTimesOut() throws Exception {
        sim.serveSerial(ptSide.toString());
        open("timeout=800&ackTimeout=500");
        sim.script(ZvtSimulator.Outcome.TIMEOUT);

        CardOutcome outcome = terminal.authorize(100, "EUR", null);

        assertThat(outcome).isInstanceOfSatisfying(CardOutcome.TimedOut.class,
                t -> assertThat(t.detail()).contains("within 800 ms"));
    }

    @Test
    void missingSerialDeviceFailsToOpenAsOffline() {
        assertThatThrownBy(() -> ZvtTerminal.open(DeviceUri.parse("zvt+serial:" + dir.resolve("nothing-here"))))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.state().status()).isEqualTo(DeviceState.Status.OFFLINE);
                    assertThat(e.getMessage()).contains("nothing-here");
                });
    }

    /** The port reader and simulator threads must all end once the terminal and simulator are closed. */
    private static void assertNoDriverThreadLeft() throws InterruptedException {
        for (Thread t : driverThreads()) {
            t.join(Duration.ofSeconds(3));
        }
        assertThat(driverThreads()).extracting(Thread::getName).isEmpty();
    }

    private static List<Thread> driverThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("zvt-") && t.isAlive()).toList();
    }
}

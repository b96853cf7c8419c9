package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialLinkTest {
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);

    private final MemoryLine line = new MemoryLine();
    private final SerialLink ecr = SerialLink.open(line.ecrEnd(), ACK_TIMEOUT);
    private final SerialLink pt = SerialLink.open(line.ptEnd(), ACK_TIMEOUT);

    @AfterEach
    void cut() {
        ecr.close();
        pt.close();
    }

    @Test
    void sentApduArrivesOnceThePeerAcksTheFrame() throws IOException {
        Apdu payment = Commands.authorization(1250, "EUR");

        ecr.send(payment);

        assertThat(pt.receive(Duration.ofSeconds(2))).contains(payment);
        assertThat(ecr.naksReceived()).isZero();
    }

    @Test
    void apduWithDleBytesTravelsIntact() throws IOException {
        Apdu withDle = Apdu.of(0x06, 0xD1, (byte) 0x10, (byte) 0x10, (byte) 0x03, (byte) 0x10);

        pt.send(withDle);

        assertThat(ecr.receive(Duration.ofSeconds(2))).contains(withDle);
    }

    @Test
    void frameNakedEveryTimeIsSentFourTimesThenTheSendFails() {
        AtomicInteger seen = new AtomicInteger();
        pt.acceptFramesWhen(apdu -> {
            seen.incrementAndGet();
            return false;
        });

        assertThatThrownBy(() -> ecr.send(Commands.abort())).isInstanceOf(IOException.class)
                .hasMessageContaining("NAKed 4 times");
        assertThat(seen).hasValue(4);
        assertThat(ecr.naksReceived()).isEqualTo(4);
    }

    @Test
    void sendFailsWhenNoAckComesWithinTheAckTimeout() {
        MemoryLine deaf = new MemoryLine();
        SerialLink lonely = SerialLink.open(deaf.ecrEnd(), ACK_TIMEOUT);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> lonely.send(Commands.abort())).hasMessageContaining("no ACK within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        } finally {
            lonely.close();
        }
    }

    @Test
    void closingWakesAThreadBlockedInReceive() throws Exception {
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return ecr.receive(Duration.ofSeconds(30));
            } catch (IOException e) {
                return e;
            }
        });
        ecr.close();

        assertThat(blocked.get(2, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void peerHangingUpFailsTheNextSend() {
        pt.close();

        assertThatThrownBy(() -> ecr.send(Commands.ACK)).isInstanceOf(IOException.class);
    }
}

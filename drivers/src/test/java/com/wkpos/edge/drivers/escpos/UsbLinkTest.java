package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UsbLinkTest {
    private static final byte[] JOB = new byte[10_000];

    static {
        new Random(7).nextBytes(JOB);
    }

    private final FakePipe pipe = new FakePipe(true);
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    @Test
    void jobGoesOutWholeInOrderInChunks() throws IOException {
        link(Duration.ofSeconds(5)).write(JOB);

        assertThat(pipe.sent.toByteArray()).isEqualTo(JOB);
        assertThat(pipe.sendLengths).containsExactly(UsbLink.CHUNK, UsbLink.CHUNK, JOB.length - 2 * UsbLink.CHUNK);
    }

    @Test
    void partialTransfersContinueWhereThePrinterStopped() throws IOException {
        pipe.takeAtMost = 1000;

        link(Duration.ofSeconds(5)).write(JOB);

        assertThat(pipe.sent.toByteArray()).isEqualTo(JOB);
    }

    @Test
    void printerThatTakesNothingFailsOnceTheWriteTimeoutPassed() {
        pipe.stalled = true;
        long start = System.nanoTime();

        assertThatThrownBy(() -> link(Duration.ofMillis(50)).write(JOB))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("usb 04b8:0e15 took 0 of 10000 bytes within 50 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void unplugMidJobFailsTheWrite() {
        pipe.failSends = new EOFException("usb 04b8:0e15 was unplugged");

        assertThatThrownBy(() -> link(Duration.ofSeconds(5)).write(JOB))
                .isInstanceOf(EOFException.class)
                .hasMessageContaining("unplugged");
    }

    @Test
    void bytesOfOnePacketAreReadOneByOne() throws IOException {
        UsbLink link = link(Duration.ofSeconds(5));
        pipe.answer(0x12, 0x16);

        assertThat(link.read(Duration.ofMillis(100))).isEqualTo(0x12);
        assertThat(link.read(Duration.ofMillis(100))).isEqualTo(0x16);
        assertThat(pipe.packets).isEmpty();
    }

    @Test
    void readWithoutAnswerTimesOut() {
        assertThatThrownBy(() -> link(Duration.ofSeconds(5)).read(Duration.ofMillis(30)))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessage("no byte from usb 04b8:0e15 within 30 ms");
    }

    @Test
    void discardDropsBufferedAndLateAnswers() throws IOException {
        UsbLink link = link(Duration.ofSeconds(5));
        pipe.answer(0x12, 0x1e);
        assertThat(link.read(Duration.ofMillis(100))).isEqualTo(0x12);
        pipe.answer(0x16);

        link.discardInput();
        pipe.answer(0x32);

        assertThat(link.read(Duration.ofMillis(100))).isEqualTo(0x32);
    }

    @Test
    void interfaceWithoutBulkInIsOneWay() throws IOException {
        UsbLink link = new UsbLink(new FakePipe(false), "usb 04b8:0e15", Duration.ofSeconds(5));

        link.discardInput();

        assertThat(link.twoWay()).isFalse();
        assertThatThrownBy(() -> link.read(Duration.ofMillis(100)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no bulk IN endpoint");
    }

    @Test
    void closeReleasesTheInterfaceOnceAndLaterCallsFail() {
        UsbLink link = link(Duration.ofSeconds(5));

        link.close();
        link.close();

        assertThat(pipe.releases).isEqualTo(1);
        assertThatThrownBy(() -> link.write(JOB)).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> link.read(Duration.ofMillis(100))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closeFromAnotherThreadEndsAWriteTheStalledPrinterBlocks() throws Exception {
        pipe.stalled = true;
        UsbLink link = link(Duration.ofMinutes(1));
        Future<?> job = writer.submit(() -> {
            link.write(JOB);
            return null;
        });
        assertThat(pipe.firstSend.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        link.close();

        assertThatThrownBy(() -> job.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(pipe.releases).isEqualTo(1);
    }

    private UsbLink link(Duration writeTimeout) {
        return new UsbLink(pipe, "usb 04b8:0e15", writeTimeout);
    }
}

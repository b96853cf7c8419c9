package com.wkpos.edge.drivers.escpos;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.drivers.api.PrinterStatus;
import com.wkpos.edge.protocol.fuzz.Mutations;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What a printer answers and what the printer simulator is sent. Status queries skip noise and read the
 * four DLE EOT answers or fail with an IOException; the decoder turns any job into receipts or refuses
 * it with IllegalArgumentException, and never reserves memory for more bytes than the job holds.
 */
class EscPosInputFuzzTest {
    private static final byte[] JOB = ReceiptLayout.of(42, "CP858").render(TestReceipts.sample(false));

    @Test
    void statusQueriesReadTheFourAnswersOutOfAnyBytesOrFailWithAnIOException() {
        forAll(2_000, r -> Mutations.bytes(r, 12), answers -> {
            ScriptedLink link = new ScriptedLink(answers);
            refusesOnlyWith(() -> {
                PrinterStatus status = StatusQuery.read(link, Duration.ofSeconds(1));
                assertThat(status.toState()).isNotNull();
            }, IOException.class);
        });
    }

    @Test
    void everyConditionOfTheSimulatedPrinterReadsBackFromItsStatusBytes() throws IOException {
        for (int bits = 0; bits < 32; bits++) {
            SimStatus sim = new SimStatus((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                    (bits & 16) != 0);
            byte[] answers = {(byte) sim.answer(1), (byte) sim.answer(2), (byte) sim.answer(3), (byte) sim.answer(4)};
            PrinterStatus status = StatusQuery.read(new ScriptedLink(answers), Duration.ofSeconds(1));
            assertThat(status.paperOut()).as(sim.toString()).isEqualTo(sim.paperOut());
            assertThat(status.coverOpen()).as(sim.toString()).isEqualTo(sim.coverOpen());
            assertThat(status.drawerSensorHigh()).as(sim.toString()).isEqualTo(sim.sensorHigh());
            assertThat(status.offline()).as(sim.toString()).isEqualTo(sim.offline() || sim.paperOut() || sim.coverOpen());
            assertThat(status.paperNearEnd()).as(sim.toString()).isEqualTo(sim.paperNearEnd());
        }
    }

    @Test
    void theSimulatorDecodesAnyJobIntoReceiptsOrRefusesIt() {
        assertThat(EscPosDecoder.receipts(JOB, 42)).singleElement().asString().contains("Kaffee Crema 500g");
        forAll(1_500, r -> switch (r.nextInt(3)) {
            case 0 -> Mutations.bytes(r, 300);
            case 1 -> Mutations.mutateBytes(r, JOB);
            default -> withCommand(r, JOB);
        }, job -> refusesOnlyWith(() -> EscPosDecoder.receipts(job, 42), IllegalArgumentException.class));
    }

    @Test
    void aRasterImageAnnouncingMoreDotsThanAnIntHoldsEndsWithTheJob() {
        // GS v 0 m, 65535 bytes wide, 65535 dots high: the size overflowed to a negative array length
        assertThatThrownBy(() -> EscPosDecoder.receipts(hex("1d 76 30 00 ff ff ff ff 00 00"), 42))
                .isInstanceOf(IllegalArgumentException.class).hasCauseInstanceOf(EOFException.class);
    }

    @Test
    void aGraphicAnnouncingTwoGigabytesIsNotReservedBeforeItArrives() {
        // GS 8 L with a four-byte length of 2^31 - 1: the decoder allocated it all and ran out of memory
        assertThatThrownBy(() -> EscPosDecoder.receipts(hex("1d 38 4c ff ff ff 7f 30 70"), 42))
                .isInstanceOf(IllegalArgumentException.class).hasCauseInstanceOf(EOFException.class);
    }

    /** {@code job} with a command that carries a length or size (image, graphic, symbol, barcode) spliced in. */
    private static byte[] withCommand(java.util.Random r, byte[] job) {
        String[] commands = {"1d7630", "1d384c", "1d2830", "1d286b", "1b2a", "1d6b", "1d2a", "1c28", "1028", "1014"};
        byte[] command = hex(commands[r.nextInt(commands.length)]);
        byte[] params = new byte[8];
        for (int i = 0; i < params.length; i++) {
            params[i] = r.nextBoolean() ? (byte) 0xFF : (byte) r.nextInt(256);
        }
        int at = r.nextInt(job.length + 1);
        byte[] out = new byte[job.length + command.length + params.length];
        System.arraycopy(job, 0, out, 0, at);
        System.arraycopy(command, 0, out, at, command.length);
        System.arraycopy(params, 0, out, at + command.length, params.length);
        System.arraycopy(job, at, out, at + command.length + params.length, job.length - at);
        return out;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** A printer that answers with {@code script}, then hangs up. */
    private static final class ScriptedLink implements Link {
        private final byte[] script;
        private int at;

        ScriptedLink(byte[] script) {
            this.script = script;
        }

        @Override
        public boolean twoWay() {
            return true;
        }

        @Override
        public void write(byte[] bytes) {
        }

        @Override
        public int read(Duration timeout) throws IOException {
            if (at == script.length) {
                throw new EOFException("printer closed the link");
            }
            return script[at++] & 0xFF;
        }

        @Override
        public void discardInput() {
        }

        @Override
        public void close() {
        }
    }
}

package com.wkpos.edge.drivers.zvt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialFramingTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void crcIsTheReflectedCcittWithInitialZeroKnownAsKermit() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);

        assertThat(SerialFraming.crc16(check, 0, check.length)).isEqualTo(0x2189);
    }

    @Test
    void frameIsDleStxApduDleEtxAndCrcLowByteFirst() {
        byte[] frame = SerialFraming.frame(hex("80 00 00"));
        int crc = SerialFraming.crc16(hex("80 00 00 03"), 0, 4);

        assertThat(Arrays.copyOf(frame, 7)).isEqualTo(hex("10 02 80 00 00 10 03"));
        assertThat(frame[7] & 0xFF).isEqualTo(crc & 0xFF);
        assertThat(frame[8] & 0xFF).isEqualTo(crc >>> 8);
        assertThat(frame).hasSize(9);
    }

    @Test
    void everyDleInTheApduIsDoubledAndTheCrcCoversTheUnstuffedBytes() {
        byte[] apdu = hex("06 D1 03 00 10 41");
        byte[] frame = SerialFraming.frame(apdu);

        assertThat(frame).startsWith(hex("10 02 06 D1 03 00 10 10 41 10 03"));
        int crc = (frame[frame.length - 2] & 0xFF) | (frame[frame.length - 1] & 0xFF) << 8;
        assertThat(crc).isEqualTo(SerialFraming.frameCrc(apdu));
    }

    @Test
    void unstuffingUndoesStuffingAndRefusesALoneDle() {
        byte[] raw = hex("10 10 00 10 FF");

        assertThat(SerialFraming.stuff(raw)).isEqualTo(hex("10 10 10 10 00 10 10 FF"));
        assertThat(SerialFraming.unstuff(SerialFraming.stuff(raw))).isEqualTo(raw);
        assertThatThrownBy(() -> SerialFraming.unstuff(hex("01 10 02"))).hasMessageContaining("single DLE");
    }

    /** Records decoder events as readable strings. */
    private static final class Events implements FrameDecoder.Sink {
        final List<String> seen = new ArrayList<>();

        @Override
        public void ack() {
            seen.add("ACK");
        }

        @Override
        public void nak() {
            seen.add("NAK");
        }

        @Override
        public void frame(byte[] apdu) {
            seen.add("FRAME " + HexFormat.of().withUpperCase().formatHex(apdu));
        }

        @Override
        public void badFrame(String why) {
            seen.add("BAD " + why);
        }
    }

    @Test
    void decoderFindsFramesSplitAnywhereAndAckNakBetweenThem() {
        Events events = new Events();
        FrameDecoder decoder = new FrameDecoder(events, TimeUnit.SECONDS.toNanos(1));
        byte[] frame = SerialFraming.frame(hex("06 D1 02 10 10"));
        byte[] stream = new byte[frame.length + 2];
        stream[0] = SerialFraming.ACK;
        System.arraycopy(frame, 0, stream, 1, frame.length);
        stream[stream.length - 1] = SerialFraming.NAK;

        for (int i = 0; i < stream.length; i++) {
            decoder.feed(stream, i, 1, 0);
        }

        assertThat(events.seen).containsExactly("ACK", "FRAME 06D1021010", "NAK");
    }

    @Test
    void frameWithAWrongCrcIsReportedBroken() {
        Events events = new Events();
        byte[] frame = SerialFraming.frame(hex("06 0F 00"));
        frame[frame.length - 1] ^= 0x01;

        new FrameDecoder(events, TimeUnit.SECONDS.toNanos(1)).feed(frame, 0, frame.length, 0);

        assertThat(events.seen).singleElement().asString().startsWith("BAD CRC");
    }

    @Test
    void noiseBetweenFramesIsDropped() {
        Events events = new Events();
        byte[] noise = "GARBLED".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = SerialFraming.frame(hex("80 00 00"));
        FrameDecoder decoder = new FrameDecoder(events, TimeUnit.SECONDS.toNanos(1));

        decoder.feed(noise, 0, noise.length, 0);
        decoder.feed(frame, 0, frame.length, 0);

        assertThat(events.seen).containsExactly("FRAME 800000");
    }

    @Test
    void loneDleInsideAFrameBreaksIt() {
        Events events = new Events();
        byte[] broken = hex("10 02 06 10 41 00");

        new FrameDecoder(events, TimeUnit.SECONDS.toNanos(1)).feed(broken, 0, broken.length, 0);

        assertThat(events.seen).containsExactly("BAD lone DLE before 0x41");
    }

    @Test
    void aStalledHalfFrameIsGivenUpSoALaterAckIsNotSwallowed() {
        Events events = new Events();
        FrameDecoder decoder = new FrameDecoder(events, TimeUnit.MILLISECONDS.toNanos(500));

        decoder.feed(hex("10 02 04 0F"), 0, 4, 0);
        decoder.feed(new byte[] {SerialFraming.ACK}, 0, 1, TimeUnit.SECONDS.toNanos(2));

        assertThat(events.seen).hasSize(2);
        assertThat(events.seen.get(0)).startsWith("BAD frame stalled");
        assertThat(events.seen.get(1)).isEqualTo("ACK");
    }
}

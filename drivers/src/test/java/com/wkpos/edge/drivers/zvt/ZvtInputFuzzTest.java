package com.wkpos.edge.drivers.zvt;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.fuzz.Mutations;
import java.io.ByteArrayOutputStream;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a payment terminal sends, arbitrary and mutated: serial frames, the TCP byte stream, status
 * information and text blocks. The serial decoder reports frames and broken frames and never throws;
 * an APDU that does not match its length field is refused with IllegalArgumentException; status
 * information and text blocks are read leniently and never throw.
 */
class ZvtInputFuzzTest {
    private static final List<Apdu> VALID = List.of(
            SimMessages.statusInfo(0, new SimTerminal.Booking("0042", "000123", 1250), LocalDateTime.of(2026, 11, 21, 13, 5, 9)),
            SimMessages.statusInfo(0x64, new SimTerminal.Booking("0043", "000124", 99_999_999), LocalDateTime.of(2026, 1, 2, 3, 4, 5)),
            SimMessages.textBlock(List.of("WK POS Kaffeebar", "Kartenzahlung", "girocard", "Betrag EUR 12,50")),
            SimMessages.printLine("Bitte Karte entnehmen"),
            SimMessages.intermediate(0x0A),
            SimMessages.completion(),
            SimMessages.abort(0x6C),
            new Apdu(0x06, 0xD3, textBlockOfSize(300)));

    @Test
    void theSerialDecoderReportsEveryFrameOfAnyLineNoiseWithoutThrowing() {
        forAll(2_000, r -> r.nextBoolean() ? Mutations.bytes(r, 300) : Mutations.mutateBytes(r, frames(r)), line -> {
            Events events = new Events();
            FrameDecoder decoder = new FrameDecoder(events, TimeUnit.SECONDS.toNanos(1));
            feedInChunks(new Random(line.length), line, (b, off, len) -> decoder.feed(b, off, len, 0));
            for (byte[] frame : events.frames) {
                assertThat(frame.length).isLessThanOrEqualTo(FrameDecoder.MAX_APDU);
                refusesOnlyWith(() -> read(Apdu.decode(frame)), IllegalArgumentException.class);
            }
        });
    }

    @Test
    void validFramesSplitAnywhereDecodeToTheirApdus() {
        forAll(500, r -> r.nextLong(), seed -> {
            Random r = new Random(seed);
            List<Apdu> sent = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                Apdu apdu = VALID.get(r.nextInt(VALID.size()));
                sent.add(apdu);
                line.writeBytes(SerialFraming.frame(apdu.encode()));
                line.write(SerialFraming.ACK);
            }
            Events events = new Events();
            FrameDecoder decoder = new FrameDecoder(events, TimeUnit.SECONDS.toNanos(1));
            feedInChunks(r, line.toByteArray(), (b, off, len) -> decoder.feed(b, off, len, 0));
            assertThat(events.broken).isEmpty();
            assertThat(events.acks).isEqualTo(sent.size());
            assertThat(events.frames.stream().map(Apdu::decode).toList()).isEqualTo(sent);
        });
    }

    @Test
    void theTcpStreamIsCutIntoTheApdusItHoldsWhateverTheBytes() {
        forAll(2_000, r -> r.nextBoolean() ? Mutations.bytes(r, 400) : Mutations.mutateBytes(r, stream(r)), bytes -> {
            ApduAssembler assembler = new ApduAssembler();
            List<Apdu> got = new ArrayList<>();
            feedInChunks(new Random(bytes.length), bytes, (b, off, len) -> {
                assembler.feed(b, off, len);
                for (Optional<Apdu> next = assembler.next(); next.isPresent(); next = assembler.next()) {
                    got.add(next.get());
                }
            });
            assertThat(got.stream().mapToInt(a -> a.length() + 3).sum() + assembler.pending())
                    .isLessThanOrEqualTo(bytes.length);
            assertThat(assembler.pending()).isLessThan(5 + Apdu.MAX_DATA);
            got.forEach(ZvtInputFuzzTest::read);
        });
    }

    @Test
    void statusInformationOfAnyBytesIsReadUpToWhereItStops() {
        List<byte[]> samples = VALID.stream().filter(a -> a.is(0x04, 0x0F)).map(Apdu::data).toList();
        forAll(3_000, r -> r.nextBoolean() ? Mutations.bytes(r, 120)
                : Mutations.mutateBytes(r, samples.get(r.nextInt(samples.size()))), data -> {
            StatusInfo info = StatusInfoParser.parse(data);
            assertThat(info.complete() || !info.stoppedAt().isEmpty()).isTrue();
            info.dateTime();
            info.cardLabel();
        });
        assertThat(StatusInfoParser.parse(samples.getFirst()).complete()).isTrue();
    }

    @Test
    void textBlocksOfAnyBytesYieldTheirCompleteLinesOnly() {
        byte[] valid = VALID.get(2).data();
        assertThat(Tlv.textLines(valid, ZvtTexts.CHARSET)).containsExactly("WK POS Kaffeebar", "Kartenzahlung",
                "girocard", "Betrag EUR 12,50");
        forAll(3_000, r -> switch (r.nextInt(3)) {
            case 0 -> Mutations.bytes(r, 200);
            case 1 -> Mutations.mutateBytes(r, valid);
            default -> nestedContainers(r.nextInt(Apdu.MAX_DATA / 4));
        }, data -> Tlv.textLines(data, ZvtTexts.CHARSET).forEach(line -> assertThat(line).isNotNull()));
    }

    @Test
    void aTextBlockNestedThousandsDeepEndsTheWalkInsteadOfOverflowingTheStack() {
        assertThat(Tlv.textLines(nestedContainers(10_000), ZvtTexts.CHARSET)).isEmpty();
        assertThat(Tlv.textLines(nestedContainers(Apdu.MAX_DATA / 4), ZvtTexts.CHARSET)).isEmpty();
    }

    /** What the dialogue does with a terminal's APDU. */
    private static void read(Apdu apdu) {
        StatusInfoParser.parse(apdu.data());
        Tlv.textLines(apdu.data(), ZvtTexts.CHARSET);
        if (apdu.length() > 0) {
            ZvtTexts.intermediate(apdu.dataByte(0));
            ZvtTexts.result(apdu.dataByte(0));
        }
        apdu.hex();
    }

    /** BMP 06 of {@code depth} constructed tags (0x25) each claiming 65535 bytes: 06 82 FF FF 25 82 FF FF … */
    private static byte[] nestedContainers(int depth) {
        byte[] data = new byte[Math.min(Apdu.MAX_DATA, 4 + 4 * depth)];
        for (int i = 0; i + 3 < data.length; i += 4) {
            data[i] = i == 0 ? (byte) 0x06 : (byte) 0x25;
            data[i + 1] = (byte) 0x82;
            data[i + 2] = (byte) 0xFF;
            data[i + 3] = (byte) 0xFF;
        }
        return data;
    }

    private static byte[] textBlockOfSize(int lines) {
        List<String> text = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            text.add("Zeile " + i);
        }
        return SimMessages.textBlock(text).data();
    }

    private static byte[] frames(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            out.writeBytes(SerialFraming.frame(VALID.get(r.nextInt(VALID.size())).encode()));
            if (r.nextBoolean()) {
                out.write(r.nextBoolean() ? SerialFraming.ACK : SerialFraming.NAK);
            }
        }
        return out.toByteArray();
    }

    private static byte[] stream(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
            out.writeBytes(VALID.get(r.nextInt(VALID.size())).encode());
        }
        return out.toByteArray();
    }

    private interface Feed {
        void feed(byte[] bytes, int off, int len) throws Throwable;
    }

    private static void feedInChunks(Random r, byte[] bytes, Feed feed) throws Throwable {
        for (int off = 0; off < bytes.length; ) {
            int len = Math.min(bytes.length - off, 1 + r.nextInt(64));
            byte[] chunk = new byte[len + 3];
            System.arraycopy(bytes, off, chunk, 2, len);
            feed.feed(chunk, 2, len);
            off += len;
        }
    }

    private static final class Events implements FrameDecoder.Sink {
        final List<byte[]> frames = new ArrayList<>();
        final List<String> broken = new ArrayList<>();
        int acks;

        @Override
        public void ack() {
            acks++;
        }

        @Override
        public void nak() {
        }

        @Override
        public void frame(byte[] apdu) {
            frames.add(apdu);
        }

        @Override
        public void badFrame(String why) {
            assertThat(why).isNotBlank();
            broken.add(why);
        }
    }
}

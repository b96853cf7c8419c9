package com.wkpos.edge.drivers.scanner;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.fuzz.Mutations;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What a scanner sends: evdev records of a keyboard-wedge scanner and the bytes of a serial one,
 * arbitrary and mutated. Decoding never throws, and whatever it hands on as a code is non-empty, within
 * maxLength and free of line ends; codes typed or sent whole come out as they went in.
 */
class ScannerInputFuzzTest {
    private static final int MAX_LENGTH = 48;
    private static final String CODE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./+%$ ";

    @Test
    void evdevRecordsOfAnyBytesGiveOnlyCodesWithinMaxLength() {
        forAll(2_000, r -> r.nextBoolean() ? Mutations.bytes(r, 600) : Mutations.mutateBytes(r, typed(r, 8, code(r))),
                bytes -> {
                    for (int wordSize : new int[] {4, 8}) {
                        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                            for (Keymap keymap : new Keymap[] {Keymap.US, Keymap.DE}) {
                                RecordingSink sink = new RecordingSink();
                                KeyDecoder decoder = new KeyDecoder(keymap, new CodeBuffer(MAX_LENGTH, sink), sink);
                                new InputEventParser(wordSize, order).feed(bytes, bytes.length, decoder::accept);
                                assertWellFormed(sink);
                            }
                        }
                    }
                });
    }

    @Test
    void codesTypedByAKeyboardWedgeScannerComeOutAsTyped() {
        forAll(1_000, r -> {
            List<String> codes = new ArrayList<>();
            for (int i = 1 + r.nextInt(4); i > 0; i--) {
                codes.add(code(r).strip());
            }
            codes.removeIf(String::isEmpty);
            return codes;
        }, codes -> {
            ByteArrayOutputStream events = new ByteArrayOutputStream();
            for (String code : codes) {
                events.writeBytes(typed(new Random(code.hashCode()), 8, code));
            }
            RecordingSink sink = new RecordingSink();
            KeyDecoder decoder = new KeyDecoder(Keymap.US, new CodeBuffer(MAX_LENGTH, sink), sink);
            InputEventParser parser = new InputEventParser(8, ByteOrder.LITTLE_ENDIAN);
            byte[] bytes = events.toByteArray();
            for (int off = 0, step = 1; off < bytes.length; off += step, step = 1 + (off * 7) % 50) {
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + step));
                parser.feed(chunk, chunk.length, decoder::accept);
            }
            assertThat(sink.codes).isEqualTo(codes);
            assertThat(sink.drops).isEmpty();
        });
    }

    @Test
    void serialBytesOfAnyKindGiveOnlyCodesWithinMaxLengthAndWithoutLineEnds() {
        forAll(3_000, r -> r.nextBoolean() ? Mutations.bytes(r, 300)
                : Mutations.mutateBytes(r, (code(r) + "\r" + code(r) + "\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                bytes -> {
                    for (Suffix suffix : Suffix.values()) {
                        RecordingSink sink = new RecordingSink();
                        new SuffixFramer(suffix, new CodeBuffer(MAX_LENGTH, sink)).feed(bytes, bytes.length);
                        assertWellFormed(sink);
                        sink.codes.forEach(c -> assertThat(c).doesNotContain(String.valueOf((char) suffix.terminator())));
                    }
                });
    }

    @Test
    void codesSentByASerialScannerComeOutAsSent() {
        forAll(1_000, r -> List.of(code(r), code(r), code(r)), codes -> {
            for (Suffix suffix : Suffix.values()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                List<String> expected = new ArrayList<>();
                for (String code : codes) {
                    String sent = code.replace((char) suffix.terminator(), '_');
                    line.writeBytes(sent.getBytes(StandardCharsets.ISO_8859_1));
                    line.writeBytes(suffix == Suffix.CRLF ? new byte[] {'\r', '\n'} : new byte[] {(byte) suffix.terminator()});
                    if (!sent.isEmpty()) {
                        expected.add(sent);
                    }
                }
                RecordingSink sink = new RecordingSink();
                byte[] bytes = line.toByteArray();
                new SuffixFramer(suffix, new CodeBuffer(MAX_LENGTH, sink)).feed(bytes, bytes.length);
                assertThat(sink.codes).as(suffix.name()).isEqualTo(expected);
            }
        });
    }

    private static void assertWellFormed(RecordingSink sink) {
        for (String code : sink.codes) {
            assertThat(code).isNotEmpty().doesNotContain("\r", "\n");
            assertThat(code.length()).isLessThanOrEqualTo(MAX_LENGTH);
        }
        sink.drops.forEach(reason -> assertThat(reason).isNotBlank());
    }

    private static String code(Random r) {
        StringBuilder s = new StringBuilder();
        for (int n = r.nextInt(MAX_LENGTH + 1); n > 0; n--) {
            s.append(CODE_CHARS.charAt(r.nextInt(CODE_CHARS.length())));
        }
        return s.toString();
    }

    /** {@code code} then Enter as a US-layout keyboard-wedge scanner types it: 64-bit little-endian records. */
    private static byte[] typed(Random r, int wordSize, String code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (char c : code.toCharArray()) {
            int[] key = US_KEYS.get(c);
            if (key[1] == 1) {
                out.writeBytes(record(wordSize, Keymap.KEY_LEFTSHIFT, 1));
            }
            out.writeBytes(record(wordSize, key[0], 1));
            out.writeBytes(record(wordSize, key[0], 0));
            if (key[1] == 1) {
                out.writeBytes(record(wordSize, Keymap.KEY_LEFTSHIFT, 0));
            }
            if (r.nextInt(4) == 0) {
                out.writeBytes(record(wordSize, 0, 0, 0));
            }
        }
        out.writeBytes(record(wordSize, Keymap.KEY_ENTER, 1));
        out.writeBytes(record(wordSize, Keymap.KEY_ENTER, 0));
        return out.toByteArray();
    }

    /** Character → {key code, shift (1) or not (0)} on the US layout. */
    private static final Map<Character, int[]> US_KEYS = new HashMap<>();

    static {
        for (int code = 127; code >= 0; code--) {
            for (int shift = 1; shift >= 0; shift--) {
                char c = Keymap.US.charFor(code, shift == 1, false);
                if (c != 0) {
                    US_KEYS.put(c, new int[] {code, shift});
                }
            }
        }
    }

    private static byte[] record(int wordSize, int code, int value) {
        return record(wordSize, InputEvent.EV_KEY, code, value);
    }

    private static byte[] record(int wordSize, int type, int code, int value) {
        ByteBuffer b = ByteBuffer.allocate(InputEventParser.recordSize(wordSize)).order(ByteOrder.LITTLE_ENDIAN);
        if (wordSize == 8) {
            b.putLong(1_764_000_000L).putLong(500_000);
        } else {
            b.putInt(1_764_000_000).putInt(500_000);
        }
        return b.putShort((short) type).putShort((short) code).putInt(value).array();
    }
}

package com.wkpos.edge.drivers.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputEventParserTest {

    /** struct input_event as the 64-bit kernel writes it: sec, usec (8 bytes each), type, code (2), value (4). */
    private static byte[] record64(long sec, long usec, int type, int code, int value) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(sec).putLong(usec).putShort((short) type).putShort((short) code).putInt(value).array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(parts.length * parts[0].length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    @Test
    void recordsAreDecodedFieldByField() {
        InputEventParser parser = new InputEventParser(8, ByteOrder.LITTLE_ENDIAN);
        List<InputEvent> events = new ArrayList<>();
        byte[] bytes = concat(record64(1_790_000_000L, 123_456, 4, 4, 0x70004),
                record64(1_790_000_000L, 123_460, 1, 30, 1), record64(1_790_000_000L, 123_470, 0, 0, 0));
        parser.feed(bytes, bytes.length, events::add);
        assertThat(events).containsExactly(new InputEvent(1_790_000_000L, 123_456, 4, 4, 0x70004),
                new InputEvent(1_790_000_000L, 123_460, 1, 30, 1), new InputEvent(1_790_000_000L, 123_470, 0, 0, 0));
    }

    @Test
    void recordsSplitAcrossReadsOfOddSizesAreReassembled() throws IOException {
        InputEventParser parser = new InputEventParser(8, ByteOrder.LITTLE_ENDIAN);
        List<InputEvent> events = new ArrayList<>();
        byte[] stream = concat(record64(1, 2, 1, 2, 1), record64(3, 4, 1, 2, 0), record64(5, 6, 1, 28, 1),
                record64(7, 8, 1, 28, 0));
        InputStream in = new ByteArrayInputStream(stream);
        byte[] buffer = new byte[7];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
            parser.feed(buffer, n, events::add);
        }
        assertThat(events).extracting(InputEvent::code, InputEvent::value)
                .containsExactly(tuple(2, 1), tuple(2, 0),
                        tuple(28, 1), tuple(28, 0));
        assertThat(events.get(3).seconds()).isEqualTo(7);
    }

    @Test
    void partialRecordIsHeldUntilItsRestArrives() {
        InputEventParser parser = new InputEventParser(8, ByteOrder.LITTLE_ENDIAN);
        List<InputEvent> events = new ArrayList<>();
        byte[] record = record64(9, 9, 1, 57, 1);
        parser.feed(record, 23, events::add);
        assertThat(events).isEmpty();
        parser.feed(new byte[] {record[23]}, 1, events::add);
        assertThat(events).containsExactly(new InputEvent(9, 9, 1, 57, 1));
    }

    @Test
    void thirtyTwoBitLayoutUsesSixteenByteRecords() {
        InputEventParser parser = new InputEventParser(4, ByteOrder.LITTLE_ENDIAN);
        byte[] record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(100).putInt(200).putShort((short) 1).putShort((short) 96).putInt(1).array();
        List<InputEvent> events = new ArrayList<>();
        parser.feed(record, record.length, events::add);
        assertThat(parser.recordSize()).isEqualTo(16);
        assertThat(events).containsExactly(new InputEvent(100, 200, 1, 96, 1));
    }

    @Test
    void thisMachineUsesTheKernelRecordSize() {
        assertThat(InputEventParser.forThisMachine().recordSize())
                .isEqualTo(ValueLayout.ADDRESS.byteSize() == 8 ? 24 : 16);
    }
}

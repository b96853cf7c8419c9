package com.wkpos.edge.drivers.scanner;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Cuts the byte stream read from an evdev node into {@code struct input_event} records: a
 * {@code timeval} of two longs (8 bytes each on 64-bit Linux, 4 on 32-bit), then u16 type, u16 code and
 * s32 value, in native byte order: 24 bytes per record on 64-bit, 16 on 32-bit. A record split across
 * two reads is carried over. Not thread-safe: one reader thread owns it.
 */
final class InputEventParser {
    private final int wordSize;
    private final ByteBuffer pending;

    InputEventParser(int wordSize, ByteOrder order) {
        if (wordSize != 4 && wordSize != 8) {
            throw new IllegalArgumentException("word size must be 4 or 8 bytes, was " + wordSize);
        }
        this.wordSize = wordSize;
        this.pending = ByteBuffer.allocate(recordSize(wordSize)).order(order);
    }

    /** The layout of the machine this runs on. */
    static InputEventParser forThisMachine() {
        return new InputEventParser((int) ValueLayout.ADDRESS.byteSize(), ByteOrder.nativeOrder());
    }

    static int recordSize(int wordSize) {
        return 2 * wordSize + 8;
    }

    int recordSize() {
        return pending.capacity();
    }

    void feed(byte[] data, int length, Consumer<InputEvent> out) {
        int i = 0;
        while (i < length) {
            int take = Math.min(pending.remaining(), length - i);
            pending.put(data, i, take);
            i += take;
            if (!pending.hasRemaining()) {
                out.accept(decode());
                pending.clear();
            }
        }
    }

    private InputEvent decode() {
        pending.flip();
        long seconds = wordSize == 8 ? pending.getLong() : Integer.toUnsignedLong(pending.getInt());
        long micros = wordSize == 8 ? pending.getLong() : Integer.toUnsignedLong(pending.getInt());
        int type = Short.toUnsignedInt(pending.getShort());
        int code = Short.toUnsignedInt(pending.getShort());
        int value = pending.getInt();
        return new InputEvent(seconds, micros, type, code, value);
    }
}

package com.wkpos.edge.drivers.zvt;

import static com.wkpos.edge.drivers.zvt.SerialFraming.ACK;
import static com.wkpos.edge.drivers.zvt.SerialFraming.DLE;
import static com.wkpos.edge.drivers.zvt.SerialFraming.ETX;
import static com.wkpos.edge.drivers.zvt.SerialFraming.NAK;
import static com.wkpos.edge.drivers.zvt.SerialFraming.STX;

import java.io.ByteArrayOutputStream;

/**
 * Turns the bytes of a serial line into link events: ACK and NAK bytes between frames, complete frames
 * with a good CRC, and frames that are broken. Noise between frames is dropped. A frame that stalls
 * for longer than the inter-byte timeout is given up, so a half frame never swallows a later ACK.
 * Not thread-safe: the port's one reader thread feeds it.
 */
final class FrameDecoder {
    /** Receives the decoded events on the feeding thread. */
    interface Sink {
        void ack();

        void nak();

        /** A frame whose CRC matched; {@code apdu} is unstuffed. */
        void frame(byte[] apdu);

        /** A frame that was cut off, had a bad CRC or a lone DLE; the sender should be NAKed. */
        void badFrame(String why);
    }

    private enum State { IDLE, IDLE_DLE, DATA, DATA_DLE, CRC_LOW, CRC_HIGH }

    static final int MAX_APDU = Apdu.MAX_DATA + 5;

    private final Sink sink;
    private final long interByteNanos;
    private final ByteArrayOutputStream apdu = new ByteArrayOutputStream();
    private State state = State.IDLE;
    private int crcLow;
    private long lastByteAt;

    FrameDecoder(Sink sink, long interByteNanos) {
        this.sink = sink;
        this.interByteNanos = interByteNanos;
    }

    /** Feeds bytes that arrived at {@code nanoTime}. */
    void feed(byte[] bytes, int off, int len, long nanoTime) {
        if (state != State.IDLE && state != State.IDLE_DLE && nanoTime - lastByteAt > interByteNanos) {
            state = State.IDLE;
            sink.badFrame("frame stalled for more than " + interByteNanos / 1_000_000 + " ms");
        }
        lastByteAt = nanoTime;
        for (int i = off; i < off + len; i++) {
            step(bytes[i] & 0xFF);
        }
    }

    private void step(int b) {
        switch (state) {
            case IDLE -> idle(b);
            case IDLE_DLE -> state = b == STX ? startFrame() : State.IDLE;
            case DATA -> data(b);
            case DATA_DLE -> dataAfterDle(b);
            case CRC_LOW -> {
                crcLow = b;
                state = State.CRC_HIGH;
            }
            case CRC_HIGH -> endFrame(crcLow | b << 8);
        }
    }

    private void idle(int b) {
        switch (b) {
            case ACK -> sink.ack();
            case NAK -> sink.nak();
            case DLE -> state = State.IDLE_DLE;
            default -> {
                // noise between frames: nobody to answer, nothing to keep
            }
        }
    }

    private State startFrame() {
        apdu.reset();
        return State.DATA;
    }

    private void data(int b) {
        if (b == DLE) {
            state = State.DATA_DLE;
        } else if (apdu.size() >= MAX_APDU) {
            state = State.IDLE;
            sink.badFrame("frame longer than " + MAX_APDU + " bytes");
        } else {
            apdu.write(b);
        }
    }

    private void dataAfterDle(int b) {
        switch (b) {
            case DLE -> {
                apdu.write(DLE);
                state = State.DATA;
            }
            case ETX -> state = State.CRC_LOW;
            case STX -> {
                sink.badFrame("new frame started inside a frame");
                state = startFrame();
            }
            default -> {
                state = State.IDLE;
                sink.badFrame(String.format("lone DLE before 0x%02X", b));
            }
        }
    }

    private void endFrame(int crc) {
        state = State.IDLE;
        byte[] bytes = apdu.toByteArray();
        int expected = SerialFraming.frameCrc(bytes);
        if (crc != expected) {
            sink.badFrame(String.format("CRC %04X, expected %04X", crc, expected));
        } else {
            sink.frame(bytes);
        }
    }
}

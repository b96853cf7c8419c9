package com.wkpos.edge.drivers.zvt;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One ZVT application message: class, instruction, length, data. The length is one byte below 255;
 * from 255 on it is {@code FF} followed by two bytes, little-endian. Immutable: {@link #data()}
 * hands out a copy.
 */
record Apdu(int cls, int instr, byte[] data) {
    static final int MAX_DATA = 0xFFFF;
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    Apdu {
        if (cls < 0 || cls > 0xFF || instr < 0 || instr > 0xFF) {
            throw new IllegalArgumentException("APDU class and instruction are bytes, were " + cls + " " + instr);
        }
        if (data.length > MAX_DATA) {
            throw new IllegalArgumentException("APDU data of " + data.length + " bytes exceeds " + MAX_DATA);
        }
        data = data.clone();
    }

    static Apdu of(int cls, int instr, byte... data) {
        return new Apdu(cls, instr, data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    int length() {
        return data.length;
    }

    /** The data byte at {@code i}, unsigned. */
    int dataByte(int i) {
        return data[i] & 0xFF;
    }

    boolean is(int cls, int instr) {
        return this.cls == cls && this.instr == instr;
    }

    /** The length field for {@code n} data bytes. */
    static byte[] lengthField(int n) {
        if (n < 0 || n > MAX_DATA) {
            throw new IllegalArgumentException("APDU length out of range: " + n);
        }
        return n < 0xFF ? new byte[] {(byte) n} : new byte[] {(byte) 0xFF, (byte) n, (byte) (n >> 8)};
    }

    /** The bytes on the wire (TCP sends exactly these; serial wraps them in a frame). */
    byte[] encode() {
        byte[] len = lengthField(data.length);
        byte[] out = new byte[2 + len.length + data.length];
        out[0] = (byte) cls;
        out[1] = (byte) instr;
        System.arraycopy(len, 0, out, 2, len.length);
        System.arraycopy(data, 0, out, 2 + len.length, data.length);
        return out;
    }

    /**
     * Reads exactly one APDU from {@code bytes}, e.g. a serial frame's payload.
     *
     * @throws IllegalArgumentException when the length field does not match the bytes
     */
    static Apdu decode(byte[] bytes) {
        int total = totalLength(bytes, bytes.length);
        if (total != bytes.length) {
            throw new IllegalArgumentException("APDU length field says " + total + " bytes, got " + bytes.length
                    + ": " + HEX.formatHex(bytes));
        }
        int header = headerLength(bytes);
        return new Apdu(bytes[0] & 0xFF, bytes[1] & 0xFF, Arrays.copyOfRange(bytes, header, total));
    }

    /**
     * The full length of the APDU that starts {@code buf}, or -1 while its header is incomplete.
     * Only the first {@code available} bytes of {@code buf} are valid.
     */
    static int totalLength(byte[] buf, int available) {
        if (available < 3) {
            return -1;
        }
        int len = buf[2] & 0xFF;
        if (len != 0xFF) {
            return 3 + len;
        }
        if (available < 5) {
            return -1;
        }
        return 5 + ((buf[3] & 0xFF) | (buf[4] & 0xFF) << 8);
    }

    private static int headerLength(byte[] buf) {
        return (buf[2] & 0xFF) == 0xFF ? 5 : 3;
    }

    /** Class and instruction as hex, e.g. {@code 06 01}. */
    String command() {
        return HEX.toHexDigits((byte) cls) + " " + HEX.toHexDigits((byte) instr);
    }

    /** The wire bytes as hex, e.g. {@code 06 01 07 04 00 00 00 00 12 50}. */
    String hex() {
        return HEX.formatHex(encode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Apdu other && cls == other.cls && instr == other.instr && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * cls + instr) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Apdu[" + hex() + "]";
    }
}

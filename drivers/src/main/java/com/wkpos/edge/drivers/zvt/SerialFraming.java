package com.wkpos.edge.drivers.zvt;

import java.io.ByteArrayOutputStream;

/**
 * ZVT serial framing (PA00P016): {@code DLE STX}, the APDU with every {@code DLE} doubled,
 * {@code DLE ETX}, then the CRC low byte and high byte. The CRC is CRC-CCITT reflected (polynomial
 * 0x8408, initial value 0) over the unstuffed APDU and the ETX; its two bytes are not stuffed.
 */
final class SerialFraming {
    static final int DLE = 0x10;
    static final int STX = 0x02;
    static final int ETX = 0x03;
    static final int ACK = 0x06;
    static final int NAK = 0x15;

    private SerialFraming() {
    }

    /** The reflected CRC-CCITT of {@code data} (the CRC-16/KERMIT variant). */
    static int crc16(byte[] data, int off, int len) {
        int crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
            }
        }
        return crc;
    }

    /** The frame CRC: over the APDU bytes followed by ETX. */
    static int frameCrc(byte[] apdu) {
        byte[] withEtx = new byte[apdu.length + 1];
        System.arraycopy(apdu, 0, withEtx, 0, apdu.length);
        withEtx[apdu.length] = ETX;
        return crc16(withEtx, 0, withEtx.length);
    }

    /** The whole frame for one encoded APDU. */
    static byte[] frame(byte[] apdu) {
        int crc = frameCrc(apdu);
        ByteArrayOutputStream out = new ByteArrayOutputStream(apdu.length + 8);
        out.write(DLE);
        out.write(STX);
        out.writeBytes(stuff(apdu));
        out.write(DLE);
        out.write(ETX);
        out.write(crc & 0xFF);
        out.write(crc >>> 8);
        return out.toByteArray();
    }

    /** Doubles every DLE. */
    static byte[] stuff(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 4);
        for (byte b : raw) {
            out.write(b);
            if ((b & 0xFF) == DLE) {
                out.write(DLE);
            }
        }
        return out.toByteArray();
    }

    /**
     * Undoes {@link #stuff}.
     *
     * @throws IllegalArgumentException on a DLE that is not doubled
     */
    static byte[] unstuff(byte[] stuffed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(stuffed.length);
        for (int i = 0; i < stuffed.length; i++) {
            out.write(stuffed[i]);
            if ((stuffed[i] & 0xFF) == DLE) {
                if (i + 1 >= stuffed.length || (stuffed[i + 1] & 0xFF) != DLE) {
                    throw new IllegalArgumentException("single DLE at byte " + i);
                }
                i++;
            }
        }
        return out.toByteArray();
    }
}

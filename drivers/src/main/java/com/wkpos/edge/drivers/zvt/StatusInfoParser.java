package com.wkpos.edge.drivers.zvt;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads the BMPs of a status information (ZVT 04 0F). Never throws on a terminal's data: a BMP it
 * does not know, or one cut short, ends parsing and what was read so far is kept, with
 * {@link StatusInfo#stoppedAt()} saying where and why. BMPs it knows but does not need are skipped.
 */
final class StatusInfoParser {
    /** Fixed-length BMPs this parser reads, by tag → data length. */
    private static final Map<Integer, Integer> READ_FIXED = Map.of(0x27, 1, 0x0B, 3, 0x0C, 3, 0x0D, 2, 0x29, 4,
            0x2A, 15, 0x87, 2, 0x8A, 1);
    /** Fixed-length BMPs skipped without being read, by tag → data length (PA00P015 BMP summary). */
    private static final Map<Integer, Integer> SKIP_FIXED = Map.ofEntries(
            Map.entry(0x01, 1), Map.entry(0x02, 1), Map.entry(0x03, 1), Map.entry(0x05, 1), Map.entry(0x0E, 2),
            Map.entry(0x17, 2), Map.entry(0x19, 1), Map.entry(0x37, 3), Map.entry(0x3B, 8), Map.entry(0x49, 2),
            Map.entry(0x88, 3), Map.entry(0x8C, 1), Map.entry(0xA0, 1), Map.entry(0xAA, 3), Map.entry(0xBA, 5));
    /** Variable BMPs skipped: tag → number of F-nibble length bytes (2 = LLVAR, 3 = LLLVAR). */
    private static final Map<Integer, Integer> SKIP_VAR = Map.of(0x23, 2, 0x24, 3, 0x2D, 2, 0x3C, 3, 0x60, 3,
            0x92, 3, 0x9A, 3, 0xA7, 2, 0xAF, 3);

    private final byte[] buf;
    private int pos;
    private OptionalInt resultCode = OptionalInt.empty();
    private OptionalLong amount = OptionalLong.empty();
    private String trace = "";
    private String time = "";
    private String date = "";
    private String maskedPan = "";
    private String terminalId = "";
    private String vuNumber = "";
    private String receiptNo = "";
    private OptionalInt cardType = OptionalInt.empty();
    private String cardName = "";

    private StatusInfoParser(byte[] data) {
        this.buf = data;
    }

    static StatusInfo parse(byte[] data) {
        return new StatusInfoParser(data).run();
    }

    private StatusInfo run() {
        String stoppedAt = "";
        while (pos < buf.length) {
            int tag = buf[pos] & 0xFF;
            int at = pos++;
            String problem = readBmp(tag);
            if (problem != null) {
                stoppedAt = String.format("BMP %02X at byte %d: %s", tag, at, problem);
                break;
            }
        }
        return new StatusInfo(resultCode, amount, trace, time, date, maskedPan, terminalId, vuNumber, receiptNo,
                cardType, cardName, stoppedAt);
    }

    /** Reads one BMP's data after its tag; returns why it could not, or null. */
    private String readBmp(int tag) {
        Integer fixed = READ_FIXED.get(tag);
        if (fixed != null && need(fixed)) {
            return "cut short";
        }
        switch (tag) {
            case 0x27 -> resultCode = OptionalInt.of(next());
            case 0x04 -> {
                return readAmount();
            }
            case 0x0B -> trace = bcd(3);
            case 0x0C -> time = clockTime(bcd(3));
            case 0x0D -> date = monthDay(bcd(2));
            case 0x22 -> {
                return readPan();
            }
            case 0x29 -> terminalId = bcd(4);
            case 0x2A -> vuNumber = ascii(15).strip();
            case 0x87 -> receiptNo = bcd(2);
            case 0x8A -> cardType = OptionalInt.of(next());
            case 0x8B -> {
                return readCardName();
            }
            case 0x06 -> {
                return skipTlv();
            }
            default -> {
                return skipKnown(tag);
            }
        }
        return null;
    }

    private static String clockTime(String hhmmss) {
        return hhmmss.substring(0, 2) + ":" + hhmmss.substring(2, 4) + ":" + hhmmss.substring(4);
    }

    private static String monthDay(String mmdd) {
        return mmdd.substring(0, 2) + "-" + mmdd.substring(2);
    }

    private String readAmount() {
        if (need(6)) {
            return "cut short";
        }
        if (!Bcd.isDecimal(buf, pos, 6)) {
            return "amount is not BCD: " + Bcd.digits(buf, pos, 6);
        }
        amount = OptionalLong.of(Bcd.toLong(buf, pos, 6));
        pos += 6;
        return null;
    }

    /** PAN: LLVAR of BCD digits; nibble E is a masked digit, F pads an odd count. */
    private String readPan() {
        int len = varLength(2);
        if (len < 0) {
            return "bad LLVAR length";
        }
        StringBuilder pan = new StringBuilder(len * 2);
        for (int i = pos; i < pos + len; i++) {
            appendPanNibble(pan, (buf[i] >> 4) & 0x0F);
            appendPanNibble(pan, buf[i] & 0x0F);
        }
        maskedPan = pan.toString();
        pos += len;
        return null;
    }

    private static void appendPanNibble(StringBuilder pan, int nibble) {
        if (nibble <= 9) {
            pan.append((char) ('0' + nibble));
        } else if (nibble == 0x0E) {
            pan.append('*');
        }
    }

    private String readCardName() {
        int len = varLength(2);
        if (len < 0) {
            return "bad LLVAR length";
        }
        cardName = new String(buf, pos, len, ZvtTexts.CHARSET).strip();
        pos += len;
        return null;
    }

    private String skipTlv() {
        int[] len = Tlv.length(buf, pos, buf.length);
        if (len == null || pos + len[1] + len[0] > buf.length) {
            return "bad TLV container length";
        }
        pos += len[1] + len[0];
        return null;
    }

    private String skipKnown(int tag) {
        Integer fixed = SKIP_FIXED.get(tag);
        if (fixed != null) {
            if (need(fixed)) {
                return "cut short";
            }
            pos += fixed;
            return null;
        }
        Integer digits = SKIP_VAR.get(tag);
        if (digits == null) {
            return "unknown BMP";
        }
        int len = varLength(digits);
        if (len < 0) {
            return "bad variable length";
        }
        pos += len;
        return null;
    }

    /**
     * Reads an F-nibble length ({@code F1 F2} = 12) of {@code digits} bytes and checks that many data
     * bytes follow; returns -1 when not.
     */
    private int varLength(int digits) {
        if (need(digits)) {
            return -1;
        }
        int len = 0;
        for (int i = 0; i < digits; i++) {
            int b = buf[pos + i] & 0xFF;
            if ((b & 0xF0) != 0xF0 || (b & 0x0F) > 9) {
                return -1;
            }
            len = len * 10 + (b & 0x0F);
        }
        if (pos + digits + len > buf.length) {
            return -1;
        }
        pos += digits;
        return len;
    }

    private boolean need(int n) {
        return pos + n > buf.length;
    }

    private int next() {
        return buf[pos++] & 0xFF;
    }

    private String bcd(int n) {
        String v = Bcd.digits(buf, pos, n);
        pos += n;
        return v;
    }

    private String ascii(int n) {
        String v = new String(buf, pos, n, StandardCharsets.US_ASCII);
        pos += n;
        return v;
    }
}

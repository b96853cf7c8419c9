package com.wkpos.edge.drivers.zvt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Builds what the simulated terminal (PT) sends to the cash register. */
final class SimMessages {
    static final String TERMINAL_ID = "52500123";
    static final String VU_NUMBER = "455600123456789";
    static final String MASKED_PAN = "672600******1234";
    static final int CARD_TYPE = 0x05;
    static final String CARD_NAME = "girocard";
    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter MMDD = DateTimeFormatter.ofPattern("MMdd");

    private SimMessages() {
    }

    /** 04 FF with an intermediate status code, e.g. 0x0A "insert card". */
    static Apdu intermediate(int code) {
        return Apdu.of(0x04, 0xFF, (byte) code);
    }

    /** 06 D1: attribute byte 00, then the text in the ZVT character set. */
    static Apdu printLine(String text) {
        byte[] chars = text.getBytes(ZvtTexts.CHARSET);
        byte[] data = new byte[chars.length + 1];
        System.arraycopy(chars, 0, data, 1, chars.length);
        return new Apdu(0x06, 0xD1, data);
    }

    /** 06 D3: BMP 06 holding print texts (tag 25) of text lines (tag 07). */
    static Apdu textBlock(List<String> lines) {
        ByteArrayOutputStream texts = new ByteArrayOutputStream();
        for (String line : lines) {
            texts.writeBytes(tlv(0x07, line.getBytes(ZvtTexts.CHARSET)));
        }
        byte[] printTexts = tlv(0x25, texts.toByteArray());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0x06);
        data.writeBytes(tlvLength(printTexts.length));
        data.writeBytes(printTexts);
        return new Apdu(0x06, 0xD3, data.toByteArray());
    }

    /** 04 0F with result code, amount, trace, time, date, PAN, terminal id, VU, receipt and card. */
    static Apdu statusInfo(int resultCode, SimTerminal.Booking booking, LocalDateTime at) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x27);
        b.write(resultCode);
        b.write(0x04);
        b.writeBytes(Bcd.encode(booking.amount(), 6));
        b.write(0x0B);
        b.writeBytes(Bcd.encodeDigits(booking.trace()));
        b.write(0x0C);
        b.writeBytes(Bcd.encodeDigits(at.format(HHMMSS)));
        b.write(0x0D);
        b.writeBytes(Bcd.encodeDigits(at.format(MMDD)));
        b.write(0x22);
        b.writeBytes(llvar(pan(MASKED_PAN)));
        b.write(0x29);
        b.writeBytes(Bcd.encodeDigits(TERMINAL_ID));
        b.write(0x2A);
        b.writeBytes(VU_NUMBER.getBytes(StandardCharsets.US_ASCII));
        b.write(0x87);
        b.writeBytes(Bcd.encodeDigits(booking.receiptNo()));
        b.writeBytes(new byte[] {0x06, 0x04, 0x1F, 0x10, 0x01, 0x00});
        b.write(0x8A);
        b.write(CARD_TYPE);
        b.write(0x8B);
        b.writeBytes(llvar(CARD_NAME.getBytes(ZvtTexts.CHARSET)));
        return new Apdu(0x04, 0x0F, b.toByteArray());
    }

    /** 06 0F: completion, the terminal hands control back. */
    static Apdu completion() {
        return Apdu.of(0x06, 0x0F);
    }

    /** 06 1E with a result code: the terminal ended the transaction without success. */
    static Apdu abort(int resultCode) {
        return Apdu.of(0x06, 0x1E, (byte) resultCode);
    }

    /** A masked PAN as BCD: {@code *} becomes nibble E, an odd count is padded with F. */
    static byte[] pan(String masked) {
        String nibbles = masked.replace('*', 'E') + (masked.length() % 2 == 0 ? "" : "F");
        byte[] out = new byte[nibbles.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(nibbles.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** An LLVAR: the length as two F-nibble bytes ({@code F1 F2} = 12), then the data. */
    static byte[] llvar(byte[] data) {
        if (data.length > 99) {
            throw new IllegalArgumentException("LLVAR holds at most 99 bytes, got " + data.length);
        }
        byte[] out = new byte[data.length + 2];
        out[0] = (byte) (0xF0 | data.length / 10);
        out[1] = (byte) (0xF0 | data.length % 10);
        System.arraycopy(data, 0, out, 2, data.length);
        return out;
    }

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.writeBytes(tlvLength(value.length));
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** A TLV length: below 0x80 one byte, then {@code 81 n}, then {@code 82 nn nn}. */
    static byte[] tlvLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        return n <= 0xFF ? new byte[] {(byte) 0x81, (byte) n} : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
}

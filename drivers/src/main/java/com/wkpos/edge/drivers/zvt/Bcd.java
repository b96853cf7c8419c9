package com.wkpos.edge.drivers.zvt;

/**
 * Packed BCD as ZVT uses it: two decimal digits per byte, the most significant digit in the high
 * nibble. Encoding refuses bad input (misuse); decoding is lenient because it reads what a terminal
 * sent: a nibble above 9 comes back as its hex digit so a caller can spot it instead of failing.
 */
final class Bcd {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Bcd() {
    }

    /** {@code value} as {@code bytes} bytes of BCD, zero-padded on the left. */
    static byte[] encode(long value, int bytes) {
        if (value < 0) {
            throw new IllegalArgumentException("BCD value must not be negative, was " + value);
        }
        String digits = Long.toString(value);
        if (digits.length() > bytes * 2) {
            throw new IllegalArgumentException(value + " does not fit in " + bytes + " BCD bytes");
        }
        return encodeDigits("0".repeat(bytes * 2 - digits.length()) + digits);
    }

    /** An even number of decimal digits as BCD, e.g. {@code "000978"} → {@code 00 09 78}. */
    static byte[] encodeDigits(String digits) {
        if (digits.length() % 2 != 0 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("BCD needs an even number of digits, was '" + digits + "'");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((digits.charAt(2 * i) - '0') << 4 | (digits.charAt(2 * i + 1) - '0'));
        }
        return out;
    }

    /** The digits of {@code len} bytes from {@code off}; nibbles above 9 show as hex digits. */
    static String digits(byte[] src, int off, int len) {
        StringBuilder out = new StringBuilder(len * 2);
        for (int i = off; i < off + len; i++) {
            out.append(HEX[(src[i] >> 4) & 0x0F]).append(HEX[src[i] & 0x0F]);
        }
        return out.toString();
    }

    /** True when every nibble of the range is a decimal digit. */
    static boolean isDecimal(byte[] src, int off, int len) {
        for (int i = off; i < off + len; i++) {
            if (((src[i] >> 4) & 0x0F) > 9 || (src[i] & 0x0F) > 9) {
                return false;
            }
        }
        return true;
    }

    /** The value of {@code len} BCD bytes; the caller checks {@link #isDecimal} first. */
    static long toLong(byte[] src, int off, int len) {
        if (!isDecimal(src, off, len)) {
            throw new IllegalArgumentException("not BCD: " + digits(src, off, len));
        }
        return Long.parseLong(digits(src, off, len));
    }
}

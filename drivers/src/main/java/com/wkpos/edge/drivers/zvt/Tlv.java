package com.wkpos.edge.drivers.zvt;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * The BER-TLV pieces ZVT uses inside BMP 06 containers: lengths below 0x80 in one byte,
 * {@code 81 n} and {@code 82 nn nn}; tags of one byte or, when the low five bits are all set, of
 * several. Lenient: a malformed container ends the walk, it never throws.
 */
final class Tlv {
    /** Primitive tag 07: one line of text (inside print texts, tag 25, of a 06 D3 text block). */
    static final int TEXT_LINE = 0x07;
    /** Containers nested deeper than this end the walk: a text block nests three deep, a hostile one thousands. */
    static final int MAX_DEPTH = 16;

    private Tlv() {
    }

    /**
     * Reads a TLV length at {@code pos}. Returns {@code {length, bytesUsed}}, or {@code null} when the
     * bytes do not hold a valid length.
     */
    static int[] length(byte[] buf, int pos, int end) {
        if (pos >= end) {
            return null;
        }
        int first = buf[pos] & 0xFF;
        if (first < 0x80) {
            return new int[] {first, 1};
        }
        if (first == 0x81 && pos + 1 < end) {
            return new int[] {buf[pos + 1] & 0xFF, 2};
        }
        if (first == 0x82 && pos + 2 < end) {
            return new int[] {(buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF), 3};
        }
        return null;
    }

    /**
     * The text lines (tag 07, at any depth) of the TLV container a 06 D3 text block carries, whose
     * data starts with BMP {@code 06} and the container length.
     */
    static List<String> textLines(byte[] data, Charset charset) {
        List<String> lines = new ArrayList<>();
        if (data.length < 2 || (data[0] & 0xFF) != 0x06) {
            return lines;
        }
        int[] len = length(data, 1, data.length);
        if (len == null) {
            return lines;
        }
        int start = 1 + len[1];
        walk(data, start, Math.min(data.length, start + len[0]), charset, lines, 0);
        return lines;
    }

    private static void walk(byte[] buf, int pos, int end, Charset charset, List<String> lines, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        while (pos < end) {
            boolean constructed = (buf[pos] & 0x20) != 0;
            int tag = buf[pos++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                while (pos < end && (buf[pos] & 0x80) != 0) {
                    tag = tag << 8 | (buf[pos++] & 0xFF);
                }
                if (pos >= end) {
                    return;
                }
                tag = tag << 8 | (buf[pos++] & 0xFF);
            }
            int[] len = length(buf, pos, end);
            if (len == null) {
                return;
            }
            int valueStart = pos + len[1];
            int valueEnd = valueStart + len[0];
            if (constructed) {
                // a cut-off container still yields the complete lines inside it
                walk(buf, valueStart, Math.min(valueEnd, end), charset, lines, depth + 1);
            } else if (valueEnd <= end && tag == TEXT_LINE) {
                lines.add(new String(buf, valueStart, len[0], charset).stripTrailing());
            }
            if (valueEnd > end) {
                return;
            }
            pos = valueEnd;
        }
    }
}

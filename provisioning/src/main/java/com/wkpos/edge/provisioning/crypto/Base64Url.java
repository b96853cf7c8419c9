package com.wkpos.edge.provisioning.crypto;

import java.util.Base64;

/**
 * Base64url without padding (RFC 7515 §2), decoded strictly: only the URL-safe alphabet, no padding,
 * and only the one canonical spelling of each byte string (unused trailing bits must be zero), so a
 * token has exactly one valid text form and a flipped character never decodes to the same bytes.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    public static byte[] decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("not base64url: character '" + c + "' at " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + text.length());
        }
        byte[] bytes = DECODER.decode(text);
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("not canonical base64url (non-zero trailing bits)");
        }
        return bytes;
    }
}

package com.wkpos.edge.provisioning.license;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Serial keys {@code WKP-XXXX-XXXX-XXXX}: eleven random characters and a check character over the
 * Crockford base-32 alphabet (no I, L, O, U: nothing to misread on a printed card). The check is Luhn
 * mod 32, which catches every single wrong character and every swap of two neighbours except
 * {@code 0}↔{@code Z} (Luhn's one blind pair), so a typo is refused before HQ is asked. 55 random bits make guessing a live serial hopeless.
 */
public final class SerialKey {
    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Pattern FORMAT = Pattern.compile("WKP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");

    private SerialKey() {
    }

    public static String generate(SecureRandom random) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            body.append(ALPHABET.charAt(random.nextInt(32)));
        }
        body.append(ALPHABET.charAt(checkValue(body)));
        return "WKP-" + body.substring(0, 4) + "-" + body.substring(4, 8) + "-" + body.substring(8, 12);
    }

    /** Upper-cases and trims what a person typed; does not validate. */
    public static String normalize(String typed) {
        return typed == null ? "" : typed.strip().toUpperCase(Locale.ROOT);
    }

    /** True when {@code serial} has the format and its check character matches. */
    public static boolean isValid(String serial) {
        if (serial == null || !FORMAT.matcher(serial).matches()) {
            return false;
        }
        String body = serial.substring(4).replace("-", "");
        return ALPHABET.indexOf(body.charAt(11)) == checkValue(body.substring(0, 11));
    }

    /** Luhn mod N (N = 32) over the payload characters: the value of the check character. */
    static int checkValue(CharSequence payload) {
        int factor = 2;
        int sum = 0;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(payload.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / 32 + addend % 32;
        }
        return (32 - sum % 32) % 32;
    }
}

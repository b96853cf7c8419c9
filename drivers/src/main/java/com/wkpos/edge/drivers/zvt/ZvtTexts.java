package com.wkpos.edge.drivers.zvt;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Human texts for the codes a terminal sends, and which result codes are declines. Texts follow the
 * English edition of PA00P015 (error messages and intermediate status codes); a code not listed
 * shows as its hex value, so a new terminal firmware never breaks a transaction.
 */
final class ZvtTexts {
    /** ZVT's default character set for print lines and card names is code page 437. */
    static final Charset CHARSET = Charset.isSupported("IBM437") ? Charset.forName("IBM437")
            : StandardCharsets.ISO_8859_1;

    /** BMP 27 / 06 1E / 84 xx: the terminal's abort code (timeout or the abort key). */
    static final int ABORTED = 0x6C;

    private static final Map<Integer, String> RESULTS = Map.ofEntries(
            Map.entry(0x00, "no error"),
            Map.entry(0x64, "card not readable"),
            Map.entry(0x65, "card data not present"),
            Map.entry(0x66, "processing error"),
            Map.entry(0x67, "function not permitted for girocard and Maestro cards"),
            Map.entry(0x68, "function not permitted for credit and tank cards"),
            Map.entry(0x6A, "turnover file full"),
            Map.entry(0x6B, "function deactivated (terminal not registered)"),
            Map.entry(0x6C, "aborted by timeout or abort key"),
            Map.entry(0x6E, "card in blocked list"),
            Map.entry(0x6F, "wrong currency"),
            Map.entry(0x71, "credit not sufficient"),
            Map.entry(0x72, "chip error"),
            Map.entry(0x73, "card data incorrect"),
            Map.entry(0x77, "end-of-day batch not possible"),
            Map.entry(0x78, "card expired"),
            Map.entry(0x79, "card not yet valid"),
            Map.entry(0x7A, "card unknown"),
            Map.entry(0x7D, "communication error"),
            Map.entry(0x83, "function not possible"),
            Map.entry(0x9A, "ZVT protocol error"),
            Map.entry(0x9B, "dial-up or communication fault"),
            Map.entry(0x9C, "please wait"),
            Map.entry(0xA0, "receiver not ready"),
            Map.entry(0xA1, "remote station does not respond"),
            Map.entry(0xA3, "no connection"),
            Map.entry(0xB4, "already reversed"),
            Map.entry(0xB5, "reversal not possible"),
            Map.entry(0xC3, "maximum amount exceeded"),
            Map.entry(0xC5, "payment method not supported"),
            Map.entry(0xC6, "currency not applicable"),
            Map.entry(0xCC, "printer not ready"),
            Map.entry(0xFF, "system error"));

    /** Codes where the card or its issuer refused, as opposed to the terminal failing or aborting. */
    private static final Set<Integer> CARD_REFUSALS = Set.of(0x64, 0x65, 0x67, 0x68, 0x6E, 0x6F, 0x71, 0x72, 0x73,
            0x78, 0x79, 0x7A, 0xB4, 0xB5, 0xC3, 0xC5, 0xC6);

    private static final Map<Integer, String> INTERMEDIATE = Map.ofEntries(
            Map.entry(0x00, "Waiting for amount confirmation"),
            Map.entry(0x01, "Please watch PIN pad"),
            Map.entry(0x02, "Please watch PIN pad"),
            Map.entry(0x03, "Not accepted"),
            Map.entry(0x04, "Waiting for response from host"),
            Map.entry(0x05, "Sending auto-reversal"),
            Map.entry(0x06, "Sending post-bookings"),
            Map.entry(0x07, "Card not admitted"),
            Map.entry(0x08, "Card unknown"),
            Map.entry(0x09, "Expired card"),
            Map.entry(0x0A, "Insert card"),
            Map.entry(0x0B, "Please remove card"),
            Map.entry(0x0C, "Card not readable"),
            Map.entry(0x0D, "Processing error"),
            Map.entry(0x0E, "Please wait"),
            Map.entry(0x0F, "Automatic end-of-day batch"),
            Map.entry(0x10, "Invalid card"),
            Map.entry(0x11, "Balance display"),
            Map.entry(0x12, "System malfunction"),
            Map.entry(0x13, "Payment not possible"),
            Map.entry(0x14, "Credit not sufficient"),
            Map.entry(0x15, "Incorrect PIN"),
            Map.entry(0x16, "Limit not sufficient"),
            Map.entry(0x17, "Please wait"),
            Map.entry(0x18, "PIN try limit exceeded"),
            Map.entry(0x19, "Card data incorrect"),
            Map.entry(0x1A, "Service mode"),
            Map.entry(0x1B, "Approved, please fill up"),
            Map.entry(0x1C, "Approved, please take goods"),
            Map.entry(0x1D, "Declined"));

    private ZvtTexts() {
    }

    /** E.g. {@code "0x78 card expired"}; host codes 01–63 read {@code "0x05 declined by host (05)"}. */
    static String result(int code) {
        String text = RESULTS.get(code);
        if (text == null && isHostCode(code)) {
            text = "declined by host (" + String.format("%02d", code) + ")";
        }
        return String.format("0x%02X %s", code, text == null ? "unknown result code" : text);
    }

    /** True when {@code code} means the card or issuer refused (a decline, not an abort or fault). */
    static boolean isDecline(int code) {
        return isHostCode(code) || CARD_REFUSALS.contains(code);
    }

    /** The cashier text for an intermediate status (04 FF); codes 0x41–0x5D add "remove card". */
    static String intermediate(int code) {
        String text = INTERMEDIATE.get(code);
        if (text != null) {
            return text;
        }
        if (code >= 0x41 && code <= 0x5D && INTERMEDIATE.containsKey(code - 0x40)) {
            return INTERMEDIATE.get(code - 0x40) + ", please remove card";
        }
        return String.format("Terminal status 0x%02X", code);
    }

    /** Result codes 01–63 pass on the authorisation host's own code. */
    private static boolean isHostCode(int code) {
        return code >= 0x01 && code <= 0x63;
    }
}

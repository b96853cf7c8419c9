package com.wkpos.edge.drivers.fiscal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The receipt's QR code as DSFinV-K (Anhang I) and BSI TR-03153 lay it out: twelve fields separated by
 * {@code ;}: {@code V0;<client id>;<process type>;<process data>;<transaction number>;<signature counter>;
 * <start time>;<log time>;<signature algorithm>;<log time format>;<signature base64>;<public key base64>}.
 * Times are ISO 8601 in UTC with milliseconds. The signature covers every field before it but the last two
 * ({@link #signedPart()}), so an auditor's app can check a receipt with nothing but its QR code.
 */
public record TseQrCode(String clientId, String processType, String processData, long transactionNumber,
                        long signatureCounter, String startTime, String logTime, String algorithm,
                        String timeFormat, String signature, String publicKey) {
    public static final String VERSION = "V0";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public TseQrCode {
        for (String field : List.of(clientId, processType, processData, startTime, logTime, algorithm, timeFormat,
                signature, publicKey)) {
            if (field.indexOf(';') >= 0) {
                throw new IllegalArgumentException("a QR code field holds ';': " + field);
            }
        }
    }

    /** A time as the QR code writes it, e.g. {@code 2026-12-05T10:00:00.123Z}. */
    public static String time(Instant t) {
        return TIME.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Reads a receipt's QR code.
     *
     * @throws IllegalArgumentException when it is not a V0 code of twelve fields with numeric counters
     */
    public static TseQrCode parse(String text) {
        String[] f = text.split(";", -1);
        if (f.length != 12 || !VERSION.equals(f[0])) {
            throw new IllegalArgumentException("not a TSE QR code (want V0 and 12 fields, got " + f.length
                    + " starting " + f[0] + ")");
        }
        try {
            return new TseQrCode(f[1], f[2], f[3], Long.parseLong(f[4]), Long.parseLong(f[5]), f[6], f[7], f[8], f[9],
                    f[10], f[11]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TSE QR code counters are not numbers: " + f[4] + ", " + f[5], e);
        }
    }

    /** The fields the device signed, in QR order: version up to the time format. */
    public String signedPart() {
        return String.join(";", VERSION, clientId, processType, processData, String.valueOf(transactionNumber),
                String.valueOf(signatureCounter), startTime, logTime, algorithm, timeFormat);
    }

    /** The text to encode in the QR code. */
    public String format() {
        return signedPart() + ";" + signature + ";" + publicKey;
    }
}

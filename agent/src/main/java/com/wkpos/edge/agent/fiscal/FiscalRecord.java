package com.wkpos.edge.agent.fiscal;

/**
 * A till transaction's fiscal record as the receipt, the API and the export read it: PENDING until the
 * security device signed it, then SIGNED with the device's answer, or FAILED with why it could not.
 * Times are ISO-8601 instants with milliseconds; signature and public key are base64.
 */
public record FiscalRecord(String document, String kind, long entrySeq, String status, String processType,
                           String processData, String clientId, Long transactionNumber, Long signatureCounter,
                           String startTime, String logTime, String signature, String tseSerial, String algorithm,
                           String timeFormat, String publicKey, String error) {
    public static final String PENDING = "PENDING";
    public static final String SIGNED = "SIGNED";
    public static final String FAILED = "FAILED";

    public boolean signed() {
        return SIGNED.equals(status);
    }

    public boolean pending() {
        return PENDING.equals(status);
    }

    /**
     * The receipt's QR code (BSI TR-03153, DSFinV-K Anhang I): {@code V0;<client>;<processType>;<processData>;
     * <transaction>;<signature counter>;<start>;<log time>;<algorithm>;<time format>;<signature>;<public key>}.
     *
     * @throws IllegalStateException when the record is not signed
     */
    public String qrCode() {
        if (!signed()) {
            throw new IllegalStateException("fiscal record " + document + " is " + status + ", not signed");
        }
        return String.join(";", "V0", clientId, processType, processData, String.valueOf(transactionNumber),
                String.valueOf(signatureCounter), startTime, logTime, algorithm, timeFormat, signature, publicKey);
    }
}

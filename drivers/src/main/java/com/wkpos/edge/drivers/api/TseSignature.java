package com.wkpos.edge.drivers.api;

import java.time.Instant;

/**
 * A finished transaction as the device signed it: numbers, start and log time (millisecond precision),
 * the signature over the receipt's QR fields and the process type and data that were signed.
 */
public record TseSignature(long transactionNumber, long signatureCounter, Instant startTime, Instant logTime,
                           byte[] signature, String processType, String processData) {
    public TseSignature {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}

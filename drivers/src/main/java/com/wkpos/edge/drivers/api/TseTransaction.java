package com.wkpos.edge.drivers.api;

import java.time.Instant;

/** A started transaction: the device's transaction number, its signature counter then, and when. */
public record TseTransaction(long transactionNumber, long signatureCounter, Instant startTime) {
}

package com.wkpos.edge.drivers.api;

/**
 * The technical security device of a German till (KassenSichV, BSI TR-03153): it numbers and signs every
 * till transaction. A transaction is {@link #start started} and {@link #finish finished} under the till's
 * client id and the till's own transaction id; both calls are idempotent by that id, so a till that crashed
 * between the device's answer and its own commit asks again and gets the same transaction back, never a
 * second one. Implementations: the simulator ({@code SimulatedTse}); cloud and hardware TSEs plug in behind
 * this port (ADR 010). Thread-safe.
 */
public interface FiscalSigner extends AutoCloseable {
    /** Serial number, algorithm, time format and public key, as the receipt's QR code prints them. */
    TseIdentity identity() throws FiscalException;

    /** Opens the transaction {@code clientTxId}, or returns the one opened earlier under that id. */
    TseTransaction start(String clientId, String clientTxId, String processType, String processData)
            throws FiscalException;

    /**
     * Finishes and signs the transaction {@code clientTxId} with its final process data, or returns the
     * signature given earlier for it; opens it first when {@link #start} was never reached.
     *
     * @throws FiscalException when the device cannot sign, or the id was finished with other data
     */
    TseSignature finish(String clientId, String clientTxId, String processType, String processData)
            throws FiscalException;

    @Override
    void close();
}

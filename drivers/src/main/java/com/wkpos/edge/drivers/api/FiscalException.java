package com.wkpos.edge.drivers.api;

/**
 * The security device could not sign: unplugged, unreachable, out of service, or asked to finish a
 * transaction again with other data. The till keeps selling and prints "TSE ausgefallen" (KassenSichV
 * allows a documented outage); the transaction is signed when the device answers again.
 */
public final class FiscalException extends Exception {
    public FiscalException(String message, Throwable cause) {
        super(message, cause);
    }

    public FiscalException(String message) {
        super(message);
    }
}

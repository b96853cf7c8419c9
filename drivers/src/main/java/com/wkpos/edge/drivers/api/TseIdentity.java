package com.wkpos.edge.drivers.api;

/**
 * Who signs: the device's serial number (hex SHA-256 of its public key, as TR-03153 defines it), its
 * signature algorithm as the QR code names it (e.g. {@code ecdsa-plain-SHA256}), the time format of its
 * log times ({@code utcTime}, {@code unixTime}) and its public key as an X9.62 uncompressed point.
 */
public record TseIdentity(String serialNumber, String signatureAlgorithm, String timeFormat, byte[] publicKey) {
    public TseIdentity {
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}

package com.wkpos.edge.drivers.zvt;

import java.util.Arrays;
import java.util.Optional;

/**
 * Cuts a TCP byte stream into APDUs using their length fields (ZVT over TCP has no other framing).
 * Bytes may arrive in any chunks. Not thread-safe: one reader feeds and takes.
 */
final class ApduAssembler {
    private byte[] buf = new byte[256];
    private int size;

    void feed(byte[] bytes, int off, int len) {
        if (size + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + len));
        }
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    /** The next complete APDU, if all its bytes are here. */
    Optional<Apdu> next() {
        int total = Apdu.totalLength(buf, size);
        if (total < 0 || total > size) {
            return Optional.empty();
        }
        Apdu apdu = Apdu.decode(Arrays.copyOf(buf, total));
        System.arraycopy(buf, total, buf, 0, size - total);
        size -= total;
        return Optional.of(apdu);
    }

    /** Bytes received that do not make a complete APDU yet. */
    int pending() {
        return size;
    }
}

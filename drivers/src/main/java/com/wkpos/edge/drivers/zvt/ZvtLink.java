package com.wkpos.edge.drivers.zvt;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Carries APDUs between the cash register and the terminal: raw over TCP, framed with DLE/STX, CRC
 * and ACK/NAK over a serial line. Used by both sides ({@link ZvtTerminal} and {@link ZvtSimulator}).
 *
 * <p>Thread-safety: {@link #send} may be called from several threads (the transaction and
 * {@code abort()}); the link writes one APDU at a time. {@link #receive} has one caller at a time.
 * {@link #close} may be called from any thread and wakes a blocked {@code receive}.
 */
interface ZvtLink extends AutoCloseable {
    /**
     * Sends one APDU. Serial: blocks until the peer acknowledged the frame, resending it on NAK.
     *
     * @throws IOException the link is closed or broken, or the peer never acknowledged the frame
     */
    void send(Apdu apdu) throws IOException;

    /**
     * Waits up to {@code timeout} for the next APDU from the peer.
     *
     * @return empty when none arrived in time
     * @throws IOException the link is closed or broken
     */
    Optional<Apdu> receive(Duration timeout) throws IOException;

    /** Writes bytes exactly as given, without framing: lets the simulator play a broken terminal. */
    void sendRaw(byte[] bytes) throws IOException;

    /** E.g. {@code tcp 10.0.0.7:20007} or {@code serial /dev/ttyUSB1}, for messages. */
    String name();

    /** Releases the socket or port; idempotent, never throws. */
    @Override
    void close();
}

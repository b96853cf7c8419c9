package com.wkpos.edge.drivers.zvt;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * ZVT over a serial line: every APDU travels in a CRC-checked frame that the receiver answers with
 * ACK, or NAK to have it sent again. A frame NAKed {@value #MAX_REPEATS} times more, or not answered
 * within the ACK timeout, fails the send. Frames arriving intact are ACKed and queued for
 * {@link #receive}; broken ones are NAKed. The port's reader thread drives the decoding, so an ACK
 * arrives while another thread waits in {@code receive}.
 */
final class SerialLink implements ZvtLink, FrameDecoder.Sink {
    /** Repetitions after the first attempt when the peer NAKs a frame (PA00P016: three). */
    static final int MAX_REPEATS = 3;
    /** A frame in progress that stalls this long is dropped (9600 baud sends a byte per ms). */
    private static final long INTER_BYTE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Object GONE = new Object();

    /** The byte pipe under the link: a jssc port, or an in-memory pipe in tests. */
    interface Port {
        /** Starts delivering received bytes to {@code link} on the port's own reader thread. */
        void start(SerialLink link);

        /** Writes all bytes; thread-safe, one call's bytes are never interleaved with another's. */
        void write(byte[] bytes) throws IOException;

        String name();

        /** Stops the reader thread, then releases the port; never throws. */
        void close();
    }

    private final Port port;
    private final Duration ackTimeout;
    private final FrameDecoder decoder = new FrameDecoder(this, INTER_BYTE_NANOS);
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Boolean> answers = new LinkedBlockingQueue<>();
    private final ReentrantLock sendLock = new ReentrantLock();
    private final AtomicInteger naksReceived = new AtomicInteger();
    private final AtomicInteger badFrames = new AtomicInteger();
    private volatile Predicate<Apdu> accept = apdu -> true;
    private volatile IOException failure;

    private SerialLink(Port port, Duration ackTimeout) {
        this.port = port;
        this.ackTimeout = ackTimeout;
    }

    /** A link over {@code port}, which starts reading at once. */
    static SerialLink open(Port port, Duration ackTimeout) {
        SerialLink link = new SerialLink(port, ackTimeout);
        port.start(link);
        return link;
    }

    @Override
    public void send(Apdu apdu) throws IOException {
        byte[] frame = SerialFraming.frame(apdu.encode());
        sendLock.lock();
        try {
            for (int attempt = 0; attempt <= MAX_REPEATS; attempt++) {
                ensureOpen();
                answers.clear();
                port.write(frame);
                Boolean answer = answers.poll(ackTimeout.toNanos(), TimeUnit.NANOSECONDS);
                ensureOpen();
                if (answer == null) {
                    throw new IOException(name() + ": no ACK within " + ackTimeout.toMillis() + " ms for " + apdu.hex());
                }
                if (answer) {
                    return;
                }
            }
            throw new IOException(name() + ": frame NAKed " + (MAX_REPEATS + 1) + " times: " + apdu.hex());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name() + ": interrupted while waiting for ACK");
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public Optional<Apdu> receive(Duration timeout) throws IOException {
        ensureOpen();
        Object item;
        try {
            item = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name() + ": interrupted while receiving");
        }
        if (item == GONE) {
            inbox.offer(GONE);
            ensureOpen();
        }
        return Optional.ofNullable((Apdu) item);
    }

    @Override
    public void sendRaw(byte[] bytes) throws IOException {
        ensureOpen();
        port.write(bytes);
    }

    @Override
    public String name() {
        return port.name();
    }

    @Override
    public void close() {
        fail(new IOException(name() + " is closed"));
        port.close();
    }

    /** Lets the simulator refuse frames: a frame {@code accept} rejects is NAKed, not delivered. */
    void acceptFramesWhen(Predicate<Apdu> accept) {
        this.accept = accept;
    }

    /** NAKs received from the peer so far. */
    int naksReceived() {
        return naksReceived.get();
    }

    /** Broken frames received (and NAKed) so far. */
    int badFrames() {
        return badFrames.get();
    }

    /** Called by the port's reader thread with bytes as they arrive. */
    void bytesArrived(byte[] bytes) {
        decoder.feed(bytes, 0, bytes.length, System.nanoTime());
    }

    /** Called by the port's reader thread when the port stops working (unplugged, closed). */
    void portFailed(IOException cause) {
        fail(cause);
    }

    @Override
    public void ack() {
        answers.offer(Boolean.TRUE);
    }

    @Override
    public void nak() {
        naksReceived.incrementAndGet();
        answers.offer(Boolean.FALSE);
    }

    @Override
    public void frame(byte[] bytes) {
        Apdu apdu;
        try {
            apdu = Apdu.decode(bytes);
        } catch (IllegalArgumentException e) {
            badFrame(e.getMessage());
            return;
        }
        if (!accept.test(apdu)) {
            answer(SerialFraming.NAK);
            return;
        }
        answer(SerialFraming.ACK);
        inbox.offer(apdu);
    }

    @Override
    public void badFrame(String why) {
        badFrames.incrementAndGet();
        Logger.debug("{}: NAK for a broken frame ({})", name(), why);
        answer(SerialFraming.NAK);
    }

    private void answer(int controlByte) {
        try {
            port.write(new byte[] {(byte) controlByte});
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        inbox.offer(GONE);
        answers.offer(Boolean.FALSE);
    }

    private void ensureOpen() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
    }
}

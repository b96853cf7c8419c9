package com.wkpos.edge.drivers.zvt;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** ZVT over TCP: APDUs back to back on the socket, no framing and no CRC. */
final class TcpLink implements ZvtLink {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String name;
    private final ApduAssembler assembler = new ApduAssembler();
    private final byte[] chunk = new byte[1024];
    private final Object writeLock = new Object();

    TcpLink(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.name = "tcp " + socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    /** Connects within {@code connectTimeout}. */
    static TcpLink connect(String host, int port, Duration connectTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, connectTimeout.toMillis()));
            return new TcpLink(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public void send(Apdu apdu) throws IOException {
        sendRaw(apdu.encode());
    }

    @Override
    public void sendRaw(byte[] bytes) throws IOException {
        synchronized (writeLock) {
            out.write(bytes);
            out.flush();
        }
    }

    @Override
    public Optional<Apdu> receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Apdu> ready = assembler.next();
            if (ready.isPresent()) {
                return ready;
            }
            long leftMs = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
            if (leftMs <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (n < 0) {
                throw new EOFException(name + " closed by the peer" + pendingNote());
            }
            assembler.feed(chunk, 0, n);
        }
    }

    private String pendingNote() {
        return assembler.pending() == 0 ? "" : " with " + assembler.pending() + " bytes of an unfinished APDU";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket fails only when it is already broken; nothing is left to release
        }
    }
}

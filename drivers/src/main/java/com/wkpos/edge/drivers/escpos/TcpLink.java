package com.wkpos.edge.drivers.escpos;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A raw TCP connection (printer port 9100). Two-way: the printer answers status queries on it. */
final class TcpLink implements Link {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    TcpLink(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Blocks at most {@code connectTimeout}. */
    static TcpLink connect(String host, int port, Duration connectTimeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
            return new TcpLink(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public boolean twoWay() {
        return true;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public int read(Duration timeout) throws IOException {
        socket.setSoTimeout(Math.max(1, Math.toIntExact(timeout.toMillis())));
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed by peer");
        }
        return b;
    }

    @Override
    public void discardInput() throws IOException {
        while (in.available() > 0) {
            in.skip(in.available());
        }
    }

    /**
     * Closes at once, also to abort a blocked read or write from another thread. Nothing is drained
     * first: a job counts as delivered only once a status answer sent after it came back, so closing an
     * idle link never cuts a job short.
     */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}

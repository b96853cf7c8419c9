package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.tinylog.Logger;

/**
 * An ESC/POS receipt printer in software, for tests, the demo and a technician's laptop. It listens on
 * TCP (and optionally a serial line), decodes what it receives back into text (see
 * {@link EscPosDecoder}), splits it into receipts at each cut, answers {@code DLE EOT} status queries
 * from a scriptable state and counts drawer kicks. Scripts: paper out, near end, cover open, offline,
 * drawer open; paper running out after some more bytes; the link dropping after some more bytes.
 *
 * <p>Thread-safe: each connection decodes on its own thread; state and receipts are behind one lock.
 * {@link #close} frees the port.
 */
public final class PrinterSimulator implements AutoCloseable {
    private static final int DEFAULT_COLUMNS = 48;

    private final ServerSocket server;
    private final int columns;
    private final Thread acceptor;
    private final Set<SimConnection> connections = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final List<String> receipts = new ArrayList<>();
    private final List<String> torn = new ArrayList<>();
    private final int[] kicks = new int[6];
    private boolean paperOut;
    private boolean paperNearEnd;
    private boolean coverOpen;
    private boolean offline;
    private boolean drawerOpen;
    private boolean sensorHighWhenOpen = true;
    private long paperLeft = -1;
    private long linkLeft = -1;
    private int statusQueries;
    private long jobBytes;
    private volatile boolean closed;
    private final List<java.util.function.ObjIntConsumer<String>> receiptListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private PrinterSimulator(ServerSocket server, int columns) {
        this.server = server;
        this.columns = columns;
        this.acceptor = Thread.ofPlatform().daemon().name("printer-sim-accept " + server.getLocalPort()).start(this::accept);
    }

    /** Listens on the loopback interface; {@code port} 0 picks a free one (see {@link #port()}). */
    public static PrinterSimulator listen(int port) throws IOException {
        return listen(InetAddress.getLoopbackAddress(), port, DEFAULT_COLUMNS);
    }

    /** @param columns the paper width used to centre and right-align lines, 48 on 80 mm paper */
    public static PrinterSimulator listen(InetAddress address, int port, int columns) throws IOException {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be positive, was " + columns);
        }
        return new PrinterSimulator(new ServerSocket(port, 8, address), columns);
    }

    /**
     * Decodes one job without a connection, on paper 48 columns wide: the text of each cut receipt,
     * then any text after the last cut. Status queries and drawer kicks in the job are ignored.
     *
     * @throws IllegalArgumentException when the job ends inside a command
     */
    public static List<String> decode(byte[] job) {
        return decode(job, DEFAULT_COLUMNS);
    }

    /** As {@link #decode(byte[])} on paper {@code columns} wide (centred and right-aligned lines move). */
    public static List<String> decode(byte[] job, int columns) {
        return EscPosDecoder.receipts(job, columns);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The printer URI for this simulator, e.g. {@code tcp://127.0.0.1:40123}. */
    public String tcpUri() {
        return "tcp://" + server.getInetAddress().getHostAddress() + ":" + port();
    }

    /** Also serves the serial line at {@code device} (one end of a pty pair, or a real port), at 38400 8N1. */
    public void serveSerial(Path device) throws IOException {
        SerialLink link = SerialLink.open(device.toString(), 38_400);
        start(new SimConnection(this, link, "serial " + device));
    }

    public void setPaperOut(boolean out) {
        synchronized (lock) {
            paperOut = out;
            paperLeft = -1;
        }
    }

    public void setPaperNearEnd(boolean nearEnd) {
        synchronized (lock) {
            paperNearEnd = nearEnd;
        }
    }

    public void setCoverOpen(boolean open) {
        synchronized (lock) {
            coverOpen = open;
        }
    }

    public void setOffline(boolean isOffline) {
        synchronized (lock) {
            offline = isOffline;
        }
    }

    /** Opens or closes the simulated drawer (a kick opens it; the cashier closes it). */
    public void setDrawerOpen(boolean open) {
        synchronized (lock) {
            drawerOpen = open;
        }
    }

    /** Which sensor level an open drawer shows on DLE EOT 1 bit 2; true (high) unless set. */
    public void setDrawerSensorHighWhenOpen(boolean high) {
        synchronized (lock) {
            sensorHighWhenOpen = high;
        }
    }

    /** The paper runs out once {@code bytes} more bytes of printing commands arrived; printing then stops. */
    public void paperOutAfter(long bytes) {
        synchronized (lock) {
            paperLeft = bytes;
        }
    }

    /** The next connection to receive {@code bytes} more bytes is dropped right after them (an unplug). */
    public void dropConnectionAfter(long bytes) {
        synchronized (lock) {
            linkLeft = bytes;
        }
    }

    public boolean drawerOpen() {
        synchronized (lock) {
            return drawerOpen;
        }
    }

    /** Kicks received for drawer pin 2 or 5. */
    public int drawerKicks(int pin) {
        if (pin != 2 && pin != 5) {
            throw new IllegalArgumentException("drawer pin is 2 or 5, was " + pin);
        }
        synchronized (lock) {
            return kicks[pin];
        }
    }

    /** How many {@code DLE EOT} queries were answered. */
    public int statusQueries() {
        synchronized (lock) {
            return statusQueries;
        }
    }

    /** Bytes of print data received so far: everything except real-time status queries. */
    public long jobBytes() {
        synchronized (lock) {
            return jobBytes;
        }
    }

    /** The text of every receipt cut so far, oldest first. */
    public List<String> receipts() {
        synchronized (lock) {
            return List.copyOf(receipts);
        }
    }

    /** Paper printed but not cut: left when the paper ran out or the link dropped mid-receipt. */
    public List<String> torn() {
        synchronized (lock) {
            return List.copyOf(torn);
        }
    }

    /** Blocks until at least {@code count} receipts were cut. */
    public List<String> awaitReceipts(int count, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (receipts.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("expected " + count + " receipts within " + timeout.toMillis()
                            + " ms, got " + receipts.size() + "; torn: " + torn);
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(receipts);
        }
    }

    /** Writes receipt {@code index} (0 = first) as a PNG picture of its text. */
    public void savePng(int index, Path file) throws IOException {
        ReceiptPng.write(receipts().get(index), columns, file);
    }

    /**
     * Stops listening, drops every connection and frees the port. Blocks until the accept thread has left
     * {@code accept()} (milliseconds): the JDK closes a socket another thread is blocked on only when that
     * thread returns, so without the wait the port could still be taken when this returns.
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            Logger.debug("printer simulator: closing port {}: {}", port(), e.getMessage());
        }
        connections.forEach(SimConnection::close);
        awaitAcceptor();
    }

    private void awaitAcceptor() {
        if (Thread.currentThread() == acceptor) {
            return;
        }
        try {
            if (!acceptor.join(Duration.ofSeconds(2))) {
                Logger.warn("printer simulator: accept thread on port {} did not stop within 2 s", port());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs a simulator until killed: {@code PrinterSimulator [port [png-dir]]} listens on every
     * interface (default port 9100), prints each receipt to stdout and saves it as a PNG if asked.
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : PrinterOptions.DEFAULT_PORT;
        Path pngs = args.length > 1 ? Path.of(args[1]) : null;
        try (PrinterSimulator sim = listen(InetAddress.getByName("0.0.0.0"), port, DEFAULT_COLUMNS)) {
            System.out.println("ESC/POS printer simulator on tcp://0.0.0.0:" + sim.port());
            for (int n = 1; ; n++) {
                String receipt = sim.awaitReceipts(n, Duration.ofDays(365)).get(n - 1);
                System.out.println(receipt + "\n" + "-".repeat(DEFAULT_COLUMNS) + " cut " + n);
                if (pngs != null) {
                    sim.savePng(n - 1, pngs.resolve("receipt-" + n + ".png"));
                }
            }
        }
    }

    /**
     * Calls {@code listener} with the text and index of every receipt cut from now on, on the thread of
     * the connection that printed it (keep it short).
     */
    public void onReceipt(java.util.function.ObjIntConsumer<String> listener) {
        receiptListeners.add(listener);
    }

    int columns() {
        return columns;
    }

    /** Where connections hand printed paper. */
    Paper.Tray tray() {
        return new Paper.Tray() {
            @Override
            public boolean paperOut() {
                synchronized (lock) {
                    return paperOut;
                }
            }

            @Override
            public void receipt(String text) {
                int index;
                synchronized (lock) {
                    receipts.add(text);
                    index = receipts.size() - 1;
                    lock.notifyAll();
                }
                receiptListeners.forEach(l -> l.accept(text, index));
            }

            @Override
            public void torn(String text) {
                synchronized (lock) {
                    torn.add(text);
                }
            }
        };
    }

    /** The answer to {@code DLE EOT n}, or -1 for an n a printer does not answer. */
    int statusByte(int n) {
        synchronized (lock) {
            if (n < 1 || n > 4) {
                return -1;
            }
            statusQueries++;
            return new SimStatus(paperOut, paperNearEnd, coverOpen, offline, drawerOpen == sensorHighWhenOpen).answer(n);
        }
    }

    void kick(int pin) {
        synchronized (lock) {
            kicks[pin]++;
            drawerOpen = true;
        }
    }

    void consumed(int bytes) {
        synchronized (lock) {
            jobBytes += bytes;
            if (paperLeft >= 0) {
                paperLeft = Math.max(0, paperLeft - bytes);
                if (paperLeft == 0) {
                    paperOut = true;
                    paperLeft = -1;
                }
            }
        }
    }

    /** True once when the scripted drop is due. */
    boolean dropNow() {
        synchronized (lock) {
            if (linkLeft == 0) {
                linkLeft = -1;
                return true;
            }
            return false;
        }
    }

    void received() {
        synchronized (lock) {
            if (linkLeft > 0) {
                linkLeft--;
            }
        }
    }

    void forget(SimConnection connection) {
        connections.remove(connection);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                start(new SimConnection(this, new TcpLink(socket), "tcp " + socket.getRemoteSocketAddress()));
            } catch (IOException e) {
                if (!closed) {
                    Logger.warn("printer simulator: accepting on port {} failed: {}", port(), e.getMessage());
                }
            }
        }
    }

    private void start(SimConnection connection) {
        connections.add(connection);
        if (closed) {
            connection.close();
            return;
        }
        Thread.ofPlatform().daemon().name("printer-sim-conn").start(connection);
    }
}

package com.wkpos.edge.drivers.zvt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;

/**
 * A ZVT payment terminal (PT) simulator for tests, the demo and a technician's laptop. It listens on
 * TCP and can also serve a serial line (a real port or a pseudo-terminal) with the same framing a
 * terminal uses. It registers, pays, refunds, reverses and closes the day the way a terminal does:
 * intermediate texts ("insert card", "please watch PIN pad"), print lines for the slip, a status
 * information with amount, trace, receipt number, masked PAN, card and terminal id, then completion.
 *
 * <p>The next transactions can be scripted ({@link #script}); unscripted ones are approved. Every
 * APDU the cash register sends is logged ({@link #received()}). Thread-safe.
 *
 * <p>Run it stand-alone with {@code java … com.wkpos.edge.drivers.zvt.ZvtSimulator [port] [serial-device]}.
 */
public final class ZvtSimulator implements AutoCloseable {
    /**
     * How the next transaction ends.
     *
     * @param resultCode the ZVT result code a {@code DECLINE} reports (e.g. 0x05 host decline)
     */
    public record Outcome(Kind kind, int resultCode) {
        public enum Kind {
            /** Prompts, status information with result 00, print lines, completion. */
            APPROVE,
            /** Prompts, status information with the result code, 06 1E with it. */
            DECLINE,
            /** Acknowledges the command, then never says anything again. */
            TIMEOUT,
            /** Prompts "insert card" and "PIN", then aborts (06 1E 6C) as if the customer cancelled. */
            ABORT_MIDWAY,
            /** Acknowledges, then sends bytes that are no valid APDU (and, on serial, a frame with a bad CRC). */
            GARBLED,
            /** Serial: NAKs every frame until one was refused four times; over TCP answers 84 9A. */
            NAK_STORM,
            /** Prompts "insert card" and waits until the cash register aborts (06 B0). */
            HOLD
        }

        public static final Outcome APPROVE = new Outcome(Kind.APPROVE, 0);
        public static final Outcome TIMEOUT = new Outcome(Kind.TIMEOUT, 0);
        public static final Outcome ABORT_MIDWAY = new Outcome(Kind.ABORT_MIDWAY, ZvtTexts.ABORTED);
        public static final Outcome GARBLED = new Outcome(Kind.GARBLED, 0);
        public static final Outcome NAK_STORM = new Outcome(Kind.NAK_STORM, 0);
        public static final Outcome HOLD = new Outcome(Kind.HOLD, 0);

        public Outcome {
            if (kind == null || resultCode < 0 || resultCode > 0xFF) {
                throw new IllegalArgumentException("outcome needs a kind and a result code 0..255, was " + kind
                        + " " + resultCode);
            }
        }

        public static Outcome decline(int resultCode) {
            if (resultCode == 0) {
                throw new IllegalArgumentException("a decline needs a result code other than 00");
            }
            return new Outcome(Kind.DECLINE, resultCode);
        }
    }

    private static final Duration STOP_WAIT = Duration.ofSeconds(2);

    private final SimTerminal pt = new SimTerminal(Clock.systemDefaultZone());
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<SimSession> sessions = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<SerialLink> serialLinks = new CopyOnWriteArrayList<>();

    /** @param server null for a simulator that serves only links handed to it */
    private ZvtSimulator(ServerSocket server) {
        this.server = server;
        this.acceptor = server == null ? null
                : Thread.ofPlatform().daemon().name("zvt-sim-accept").start(this::acceptLoop);
    }

    /** A simulator without a TCP port, for links made in memory by unit tests. */
    static ZvtSimulator detached() {
        return new ZvtSimulator(null);
    }

    /** A simulator on a random free port of the loopback interface. */
    public static ZvtSimulator start() throws IOException {
        return listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A simulator on {@code address}, e.g. {@code 0.0.0.0:20007} for a technician's laptop. */
    public static ZvtSimulator listen(InetSocketAddress address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(address);
        return new ZvtSimulator(server);
    }

    /** The TCP port it listens on. */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("this simulator does not listen on TCP");
        }
        return server.getLocalPort();
    }

    /**
     * Also answers on the serial line {@code device} (9600 8N2; a pseudo-terminal works too).
     *
     * @throws IOException the port cannot be opened
     */
    public void serveSerial(String device) throws IOException {
        SerialLink link = SerialLink.open(JsscPort.open(device, ZvtConfig.DEFAULT_BAUD), Duration.ofSeconds(5));
        serve(link, true);
    }

    /** Serves a serial link made elsewhere (an in-memory line in unit tests). */
    void serve(SerialLink link) {
        serve(link, true);
    }

    private void serve(ZvtLink link, boolean serial) {
        if (link instanceof SerialLink s) {
            s.acceptFramesWhen(pt::acceptFrame);
            serialLinks.add(s);
        }
        SimSession session = new SimSession(link, pt, serial);
        sessions.add(session);
        threads.add(Thread.ofPlatform().daemon().name("zvt-sim-" + link.name()).start(session));
    }

    /** Queues outcomes for the next transactions, in order. */
    public void script(Outcome... outcomes) {
        pt.script(List.of(outcomes));
    }

    /** Every APDU received from the cash register so far, as hex ({@code 06 01 0A 04 00 …}), in order. */
    public List<String> received() {
        return pt.received();
    }

    /** The commands received so far as class and instruction ({@code 06 01}), acknowledgements left out. */
    public List<String> commands() {
        return pt.received().stream().map(hex -> hex.substring(0, 5)).filter(c -> !c.equals("80 00")).toList();
    }

    /** NAKs the cash register sent on the serial lines (it NAKs frames that arrive broken). */
    public int naksFromEcr() {
        return serialLinks.stream().mapToInt(SerialLink::naksReceived).sum();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                serve(new TcpLink(socket), false);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    Logger.warn("simulator on port {} stopped accepting: {}", port(), e.getMessage());
                }
                return;
            }
        }
    }

    /** Stops listening, ends every session and waits (bounded) for their threads. */
    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                Logger.warn("simulator port {} did not close: {}", port(), e.getMessage());
            }
            join(acceptor);
        }
        sessions.forEach(SimSession::stop);
        threads.forEach(ZvtSimulator::join);
    }

    private static void join(Thread thread) {
        try {
            thread.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stand-alone: {@code [tcp-port (default 20007)] [serial-device]}; runs until killed. */
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : ZvtConfig.DEFAULT_PORT;
        ZvtSimulator sim = listen(new InetSocketAddress(port));
        if (args.length > 1) {
            sim.serveSerial(args[1]);
        }
        Logger.info("ZVT simulator on TCP port {}{}", sim.port(), args.length > 1 ? " and " + args[1] : "");
        new CountDownLatch(1).await();
    }
}

package com.wkpos.edge.drivers.escpos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;

import org.tinylog.Logger;

/**
 * One host connected to the {@link PrinterSimulator} (a TCP client or the serial line): decodes what
 * arrives on its own thread and answers status queries on the same link. Ends when the host goes, the
 * simulator drops the link on purpose, or the simulator closes; then whatever was printed but not cut
 * is handed over as torn paper.
 */
final class SimConnection implements Runnable {
    private static final Duration READ_SLICE = Duration.ofMillis(500);

    private final PrinterSimulator printer;
    private final Link link;
    private final String peer;
    private volatile boolean closed;

    SimConnection(PrinterSimulator printer, Link link, String peer) {
        this.printer = printer;
        this.link = link;
        this.peer = peer;
    }

    @Override
    public void run() {
        Paper paper = new Paper(printer.columns(), printer.tray());
        EscPosDecoder decoder = new EscPosDecoder(new Input(), paper, new EscPosDecoder.Host() {
            @Override
            public void status(int n) throws IOException {
                int answer = printer.statusByte(n);
                if (answer >= 0) {
                    link.write(new byte[] {(byte) answer});
                }
            }

            @Override
            public void kick(int pin) {
                printer.kick(pin);
            }

            @Override
            public void consumed(int bytes) {
                printer.consumed(bytes);
            }
        });
        try {
            decoder.run();
        } catch (IOException e) {
            Logger.debug("printer simulator: {} gone: {}", peer, e.getMessage());
        } finally {
            paper.tear();
            close();
            printer.forget(this);
        }
    }

    /** Idempotent; makes {@link #run} end soon. */
    void close() {
        closed = true;
        link.close();
    }

    /** The link as a stream, reading in slices so a close is noticed, and cut off when the script says. */
    private final class Input extends InputStream {
        @Override
        public int read() throws IOException {
            while (!closed) {
                if (printer.dropNow()) {
                    Logger.debug("printer simulator: dropping {} as scripted", peer);
                    close();
                    return -1;
                }
                try {
                    int b = link.read(READ_SLICE);
                    printer.received();
                    return b;
                } catch (InterruptedIOException idle) {
                    // nothing yet: look at closed and the script again
                } catch (EOFException e) {
                    return -1;
                }
            }
            return -1;
        }
    }
}

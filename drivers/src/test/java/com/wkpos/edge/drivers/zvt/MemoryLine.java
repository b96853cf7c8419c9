package com.wkpos.edge.drivers.zvt;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A serial cable in memory: what one end writes, the other end's link receives, in order, on that
 * end's own delivery thread (as a port's reader thread would deliver it). Closing either end cuts
 * the cable.
 */
final class MemoryLine {
    private final End ecr = new End("memory ecr");
    private final End pt = new End("memory pt");

    MemoryLine() {
        ecr.peer = pt;
        pt.peer = ecr;
    }

    SerialLink.Port ecrEnd() {
        return ecr;
    }

    SerialLink.Port ptEnd() {
        return pt;
    }

    private static final class End implements SerialLink.Port {
        private final String name;
        private final ExecutorService delivery;
        private End peer;
        private volatile SerialLink link;
        private volatile boolean closed;

        End(String name) {
            this.name = name;
            this.delivery = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("zvt-" + name).factory());
        }

        @Override
        public void start(SerialLink link) {
            this.link = link;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (closed || peer.closed) {
                throw new IOException(name + " is cut");
            }
            byte[] copy = bytes.clone();
            try {
                peer.delivery.execute(() -> {
                    SerialLink receiver = peer.link;
                    if (receiver != null && !peer.closed) {
                        receiver.bytesArrived(copy);
                    }
                });
            } catch (RejectedExecutionException e) {
                throw new IOException(name + " is cut", e);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            closed = true;
            delivery.shutdownNow();
            try {
                delivery.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SerialLink other = peer.link;
            if (other != null) {
                other.portFailed(new IOException(name + " hung up"));
            }
        }
    }
}

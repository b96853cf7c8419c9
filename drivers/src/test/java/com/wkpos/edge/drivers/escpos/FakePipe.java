package com.wkpos.edge.drivers.escpos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A claimed USB interface without a device: records what was sent, answers queued packets, and plays a
 * printer that takes only part of a transfer, takes nothing (every call times out at once) or is unplugged.
 */
final class FakePipe implements UsbPipe {
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    final List<Integer> sendLengths = new CopyOnWriteArrayList<>();
    final Deque<byte[]> packets = new ArrayDeque<>();
    final CountDownLatch firstSend = new CountDownLatch(1);
    volatile int takeAtMost = Integer.MAX_VALUE;
    volatile boolean stalled;
    volatile IOException failSends;
    volatile int releases;
    private final boolean canReceive;

    FakePipe(boolean canReceive) {
        this.canReceive = canReceive;
    }

    @Override
    public boolean canReceive() {
        return canReceive;
    }

    @Override
    public int packetSize() {
        return 64;
    }

    @Override
    public synchronized int send(byte[] data, int offset, int length, long timeoutMillis) throws IOException {
        firstSend.countDown();
        if (failSends != null) {
            throw failSends;
        }
        if (stalled) {
            return 0;
        }
        int n = Math.min(length, takeAtMost);
        sendLengths.add(length);
        sent.write(data, offset, n);
        return n;
    }

    @Override
    public synchronized int receive(byte[] into, long timeoutMillis) {
        byte[] packet = packets.poll();
        if (packet == null) {
            return 0;
        }
        System.arraycopy(packet, 0, into, 0, packet.length);
        return packet.length;
    }

    synchronized void answer(int... bytes) {
        byte[] packet = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            packet[i] = (byte) bytes[i];
        }
        packets.add(packet);
    }

    @Override
    public synchronized void release() {
        releases++;
    }
}

package com.wkpos.edge.drivers.escpos;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The kernel's usblp character device ({@code /dev/usb/lp0}), used write-only: no status comes back.
 * A {@link FileChannel} is used because closing it from another thread aborts a write the driver
 * blocks (usblp blocks writes while the printer is out of paper).
 */
final class UsblpLink implements Link {
    private final FileChannel channel;

    private UsblpLink(FileChannel channel) {
        this.channel = channel;
    }

    static UsblpLink open(Path device) throws IOException {
        return new UsblpLink(FileChannel.open(device, StandardOpenOption.WRITE));
    }

    @Override
    public boolean twoWay() {
        return false;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public int read(Duration timeout) throws IOException {
        throw new IOException("usblp is used write-only; it answers no status");
    }

    @Override
    public void discardInput() {
        // nothing is ever read
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}

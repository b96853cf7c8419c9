package com.wkpos.edge.agent.systemd;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A service manager's notification socket for tests: binds an {@code AF_UNIX} datagram socket (a path or
 * an {@code @abstract} name) through libc, and collects every datagram it receives. Java's Unix-domain
 * channels cannot bind datagram sockets, hence FFM here as in the agent.
 */
@SuppressWarnings("restricted")
final class NotifySocket implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL = handle("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = handle("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final String address;
    private final int fd;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean closed;

    NotifySocket(String address) throws IOException {
        this.address = address;
        try (Arena arena = Arena.ofConfined()) {
            fd = (int) SOCKET.invokeExact((int) UnixDatagram.AF_UNIX, UnixDatagram.SOCK_DGRAM | UnixDatagram.SOCK_CLOEXEC, 0);
            MemorySegment sockaddr = arena.allocate(UnixDatagram.SOCKADDR_UN);
            int length = UnixDatagram.sockaddr(sockaddr, address);
            if (fd < 0 || (int) BIND.invokeExact(fd, sockaddr, length) != 0) {
                throw new IOException("cannot bind a datagram socket at " + address);
            }
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("libc failed binding " + address, t);
        }
        reader = Thread.ofPlatform().name("notify-socket").daemon(true).start(this::readLoop);
    }

    String address() {
        return address;
    }

    /** The next datagram, or null when none came within {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void readLoop() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pollfd = arena.allocate(8);
            MemorySegment buffer = arena.allocate(4096);
            while (!closed) {
                pollfd.set(JAVA_INT, 0, fd);
                pollfd.set(JAVA_SHORT, 4, (short) 1);
                pollfd.set(JAVA_SHORT, 6, (short) 0);
                int ready = (int) POLL.invokeExact(pollfd, 1L, 100);
                if (ready <= 0) {
                    continue;
                }
                long n = (long) RECV.invokeExact(fd, buffer, 4096L, 0);
                if (n > 0) {
                    received.add(new String(buffer.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                            StandardCharsets.UTF_8));
                }
            }
        } catch (Throwable t) {
            received.add("RECEIVE FAILED: " + t);
        }
    }

    @Override
    public void close() throws Exception {
        closed = true;
        reader.join(Duration.ofSeconds(5));
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IOException("closing " + address, t);
        }
        if (!address.startsWith("@")) {
            Files.deleteIfExists(Path.of(address));
        }
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor);
    }
}

package com.wkpos.edge.agent.systemd;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to an {@code AF_UNIX} socket through libc, by FFM: Java's own Unix-domain
 * channels are stream-only, and the service manager's notification socket is a datagram socket.
 * The constants are Linux's, the same on x86-64, arm64 and armhf. Thread-safe (stateless).
 */
@SuppressWarnings("restricted")
final class UnixDatagram {
    static final short AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    /** {@code sizeof(sockaddr_un.sun_path)}. */
    static final int SUN_PATH_MAX = 108;
    private static final int MSG_NOSIGNAL = 0x4000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(SUN_PATH_MAX, JAVA_BYTE).withName("sun_path"));

    private static final MethodHandle SOCKET = call("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDTO = call("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private UnixDatagram() {
    }

    /**
     * Sends {@code message} as one datagram to {@code address}: a path, or {@code @name} for a socket
     * in the abstract namespace.
     *
     * @throws IOException with the kernel's reason when the socket cannot be made or the send fails
     */
    static void send(String address, String message) throws IOException {
        byte[] payload = message.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            int fd = (int) SOCKET.invokeExact(state, (int) AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket", state, address);
            }
            try {
                MemorySegment sockaddr = arena.allocate(SOCKADDR_UN);
                int length = sockaddr(sockaddr, address);
                MemorySegment buffer = arena.allocateFrom(JAVA_BYTE, payload);
                long sent = (long) SENDTO.invokeExact(state, fd, buffer, (long) payload.length, MSG_NOSIGNAL,
                        sockaddr, length);
                if (sent < 0) {
                    throw failure("sendto", state, address);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(state, fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling libc for " + address + " failed", t);
        }
    }

    /**
     * Fills a {@code sockaddr_un} for {@code address} and returns the length to pass with it: for an
     * abstract name the length is what bounds the name, so it must not count trailing zero bytes.
     */
    static int sockaddr(MemorySegment sockaddr, String address) {
        boolean isAbstract = address.startsWith("@");
        byte[] name = (isAbstract ? address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        // a path takes its bytes and a NUL terminator; an abstract name a leading NUL and its bytes, no terminator
        int pathBytes = name.length + 1;
        if (name.length == 0 || pathBytes > SUN_PATH_MAX) {
            throw new IllegalArgumentException("unix socket address '" + address + "' must be 1.."
                    + (SUN_PATH_MAX - 1) + " bytes");
        }
        sockaddr.fill((byte) 0);
        sockaddr.set(JAVA_SHORT, 0, AF_UNIX);
        long path = SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));
        MemorySegment.copy(name, 0, sockaddr, JAVA_BYTE, path + (isAbstract ? 1 : 0), name.length);
        return (int) path + pathBytes;
    }

    private static IOException failure(String call, MemorySegment state, String address) throws Throwable {
        int errno = (int) ERRNO.get(state, 0L);
        MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
        return new IOException(call + " to unix socket " + address + " failed: "
                + text.reinterpret(256).getString(0) + " (errno " + errno + ")");
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                Linker.Option.captureCallState("errno"));
    }
}

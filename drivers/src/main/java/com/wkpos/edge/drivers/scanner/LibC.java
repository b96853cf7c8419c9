package com.wkpos.edge.drivers.scanner;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the evdev scanner needs, through the FFM API instead of JNI. Each call captures
 * errno right after it returns, so a failure carries the kernel's reason. The constants are those of
 * Linux on x86-64, arm64 and armhf (the same on all three). Thread-safe (stateless).
 *
 * <p>Restricted FFM methods are the point of this class; the JVM must run with
 * {@code --enable-native-access=ALL-UNNAMED} (the build's {@code wk.jvm.flags}).
 */
@SuppressWarnings("restricted")
final class LibC {
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EACCES = 13;
    static final int EBUSY = 16;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENOTTY = 25;
    static final short POLLIN = 0x1;
    /** {@code _IOW('E', 0x90, int)}: with a non-zero argument, only this fd receives the device's events. */
    static final long EVIOCGRAB = 0x40044590L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));

    // open and ioctl are variadic: their third argument must be passed as one.
    private static final MethodHandle OPEN = call("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL = call("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = call("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle POLL = call("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** A libc call returned -1; {@link #errno()} says why. */
    static final class ErrnoException extends Exception {
        private final int errno;

        ErrnoException(String call, int errno) {
            super(call + " failed: " + strerror(errno) + " (errno " + errno + ")");
            this.errno = errno;
        }

        int errno() {
            return errno;
        }
    }

    private LibC() {
    }

    /** @return the new file descriptor */
    static int open(String path, int flags) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            return (int) check(fd, "open(" + path + ")", state);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling open failed", t);
        }
    }

    static void ioctl(int fd, long request, long argument) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            int result = (int) IOCTL.invokeExact(state, fd, request, argument);
            check(result, "ioctl(0x" + Long.toHexString(request) + ")", state);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling ioctl failed", t);
        }
    }

    /** Blocking unless the fd is non-blocking. @return bytes read; 0 at end of input */
    static long read(int fd, MemorySegment buffer) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            long n = (long) READ.invokeExact(state, fd, buffer, buffer.byteSize());
            return check(n, "read", state);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling read failed", t);
        }
    }

    /** Waits up to {@code timeoutMillis} for {@code events} on {@code fd}. @return revents; 0 on timeout */
    static int poll(int fd, short events, int timeoutMillis) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            MemorySegment pollfd = arena.allocate(POLLFD);
            pollfd.set(JAVA_INT, 0, fd);
            pollfd.set(JAVA_SHORT, 4, events);
            int ready = (int) POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
            check(ready, "poll", state);
            return ready == 0 ? 0 : pollfd.get(JAVA_SHORT, 6) & 0xFFFF;
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling poll failed", t);
        }
    }

    static void close(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURED);
            int result = (int) CLOSE.invokeExact(state, fd);
            check(result, "close", state);
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling close failed", t);
        }
    }

    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static long check(long result, String call, MemorySegment state) throws ErrnoException {
        if (result == -1) {
            throw new ErrnoException(call, (int) ERRNO.get(state, 0L));
        }
        return result;
    }

    private static MethodHandle call(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = new Linker.Option[options.length + 1];
        all[0] = Linker.Option.captureCallState("errno");
        System.arraycopy(options, 0, all, 1, options.length);
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor, all);
    }
}

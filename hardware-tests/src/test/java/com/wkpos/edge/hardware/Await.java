package com.wkpos.edge.hardware;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.wkpos.edge.drivers.api.DeviceEvent;

/** Bounded waits for things that happen on other threads or processes. */
final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Await() {
    }

    static void until(Duration bound, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited %d ms for %s", bound.toMillis(), what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    static void until(Duration bound, String what, BooleanSupplier condition) {
        until(bound, condition, what);
    }

    /** Collects device events; {@link #next} waits for one that matches. */
    static final class Events implements Consumer<DeviceEvent> {
        private final BlockingQueue<DeviceEvent> queue = new LinkedBlockingQueue<>();

        @Override
        public void accept(DeviceEvent event) {
            queue.add(event);
        }

        DeviceEvent next(String type, Predicate<DeviceEvent> matching) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<DeviceEvent> seen = new java.util.ArrayList<>();
            while (true) {
                long left = deadline - System.nanoTime();
                DeviceEvent e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    return fail("no %s event within 10 s; saw %s", type, seen);
                }
                seen.add(e);
                if (e.type().equals(type) && matching.test(e)) {
                    return e;
                }
            }
        }

        DeviceEvent status(String status) throws InterruptedException {
            return next("printer.status", e -> status.equals(e.data().get("status")));
        }
    }
}

package com.wkpos.edge.drivers.escpos;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.wkpos.edge.drivers.api.DeviceEvent;

/** Collects device events and waits, with a bound, for one that matches. */
final class Events implements Consumer<DeviceEvent> {
    private final BlockingQueue<DeviceEvent> queue = new LinkedBlockingQueue<>();
    private final List<DeviceEvent> seen = new ArrayList<>();

    @Override
    public void accept(DeviceEvent event) {
        queue.add(event);
    }

    DeviceEvent await(String type, Predicate<DeviceEvent> matching) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            DeviceEvent e = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (e == null) {
                return fail("no %s event matching within 5 s; saw %s", type, seen);
            }
            seen.add(e);
            if (e.type().equals(type) && matching.test(e)) {
                return e;
            }
        }
    }

    DeviceEvent awaitStatus(String status) throws InterruptedException {
        return await("printer.status", e -> e.data().get("status").equals(status));
    }
}

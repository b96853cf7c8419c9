package com.wkpos.edge.drivers.gpio;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.wkpos.edge.drivers.api.DeviceEvent;

/** Collects a drawer's events and waits, with a bound, for the next one. Thread-safe. */
final class DrawerEvents implements Consumer<DeviceEvent> {
    private static final Duration BOUND = Duration.ofSeconds(5);

    private final BlockingQueue<DeviceEvent> pending = new LinkedBlockingQueue<>();
    private final List<DeviceEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public void accept(DeviceEvent event) {
        all.add(event);
        pending.add(event);
    }

    /** The next event not yet taken; fails when none arrives within 5 s. */
    DeviceEvent next() throws InterruptedException {
        DeviceEvent e = pending.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        return e != null ? e : fail("no drawer event within %s; all so far: %s", BOUND, all);
    }

    /** The types of every event seen so far, in order. */
    List<String> types() {
        return all.stream().map(DeviceEvent::type).toList();
    }
}

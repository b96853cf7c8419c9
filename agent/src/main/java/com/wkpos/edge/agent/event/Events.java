package com.wkpos.edge.agent.event;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * In-process events for screens (scan, drawer, printer status, low stock, …), fanned out to
 * subscribers such as the {@code /api/v1/events} WebSocket on one dispatcher thread. {@link #publish}
 * never blocks (it is called from the journal writer after a commit): when 1,000 events are already
 * waiting, the new one is dropped with a warning. A failing subscriber never stops the others.
 * Thread-safe.
 */
public final class Events implements AutoCloseable {
    /** One event: {@code type} such as {@code stock.low}, when it happened, and its data. */
    public record Event(String type, String at, Map<String, Object> data) {
    }

    private final Clock clock;
    private final CopyOnWriteArrayList<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor dispatcher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1_000), Thread.ofPlatform().name("events").daemon(true).factory(),
            (task, pool) -> Logger.warn("event queue full; an event was dropped"));

    public Events(Clock clock) {
        this.clock = clock;
    }

    public void publish(String type, Map<String, Object> data) {
        Event event = new Event(type, clock.instant().toString(), Map.copyOf(data));
        dispatcher.execute(() -> {
            for (Consumer<Event> s : subscribers) {
                try {
                    s.accept(event);
                } catch (RuntimeException e) {
                    Logger.warn(e, "event subscriber failed on {}", type);
                }
            }
        });
    }

    /** @return a handle that unsubscribes */
    public AutoCloseable subscribe(Consumer<Event> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public void close() {
        dispatcher.shutdown();
    }
}

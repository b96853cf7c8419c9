package com.wkpos.edge.agent.systemd;

import com.wkpos.edge.agent.journal.Journal;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The agent's side of a {@code Type=notify} systemd service: {@code READY=1} once the LAN API listens,
 * {@code WATCHDOG=1} every half {@code $WATCHDOG_USEC} while the journal writer and the LAN API are
 * healthy, {@code STOPPING=1} when shutting down. Outside systemd ({@code $NOTIFY_SOCKET} unset) it
 * does nothing. Thread-safe.
 */
public final class Supervision implements AutoCloseable {
    private final Optional<SdNotify> notify;
    private final ScheduledExecutorService scheduler;

    private Supervision(Optional<SdNotify> notify, ScheduledExecutorService scheduler) {
        this.notify = notify;
        this.scheduler = scheduler;
    }

    /**
     * Tells the service manager the agent is ready and starts the watchdog if one is asked for.
     *
     * @param health the LAN API's {@code /api/v1/health} as reached over loopback
     * @param tls    for an {@code https} health URL: a context trusting the box's own certificate
     * @param status one line for {@code systemctl status}
     */
    public static Supervision ready(Journal journal, URI health, javax.net.ssl.SSLContext tls, Map<String, String> env,
                                    String status) {
        Optional<SdNotify> notify = SdNotify.fromEnvironment(env);
        if (notify.isEmpty()) {
            return new Supervision(notify, null);
        }
        send(notify.get(), "READY=1\nSTATUS=" + status + "\nMAINPID=" + ProcessHandle.current().pid());
        Optional<Duration> interval = watchdogInterval(env, ProcessHandle.current().pid());
        if (interval.isEmpty()) {
            Logger.info("told systemd we are ready ({}); no watchdog asked for", notify.get().socket());
            return new Supervision(notify, null);
        }
        Duration every = interval.get().dividedBy(2);
        // the two checks share half a tick, so a tick ends well before the next one is due
        Watchdog watchdog = new Watchdog(notify.get(), List.of(new JournalProbe(journal), new HttpProbe(health, tls)),
                every.dividedBy(4), status);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("watchdog").daemon(true).factory());
        scheduler.scheduleAtFixedRate(() -> {
            try {
                watchdog.tick();
            } catch (RuntimeException e) {
                // a check that throws must not end the schedule: systemd would kill a healthy agent
                Logger.error(e, "watchdog check failed");
            }
        }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        Logger.info("told systemd we are ready ({}); watchdog ping every {} ms while healthy",
                notify.get().socket(), every.toMillis());
        return new Supervision(notify, scheduler);
    }

    /**
     * The watchdog interval systemd asks for: {@code $WATCHDOG_USEC}, if {@code $WATCHDOG_PID} is unset
     * or names this process (it is set for the main process only, not for its children).
     *
     * @throws IllegalArgumentException naming a malformed value
     */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || forPid != null && !forPid.equals(Long.toString(pid))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec);
            if (micros > 0) {
                return Optional.of(Duration.ofNanos(Math.multiplyExact(micros, 1000L)));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // answered below
        }
        throw new IllegalArgumentException("WATCHDOG_USEC must be a positive number of microseconds, was '"
                + usec + "'");
    }

    /** Stops the watchdog and tells the service manager the agent is stopping; call before closing the agent. */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        notify.ifPresent(n -> send(n, "STOPPING=1\nSTATUS=stopping"));
    }

    private static void send(SdNotify notify, String state) {
        try {
            notify.send(state);
        } catch (IOException e) {
            Logger.warn("cannot notify the service manager: {}", e.getMessage());
        }
    }
}

package com.wkpos.edge.agent.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Pings the service manager's watchdog ({@code WATCHDOG=1}) on each {@link #tick()}, but only when every
 * health check passes, so a wedged journal writer or a dead LAN API gets the service restarted. A change
 * between healthy and unhealthy also sets {@code STATUS=} (what {@code systemctl status} shows) and is
 * logged once; steady state is silent.
 *
 * <p>Not thread-safe: ticks come from one scheduler thread.
 */
final class Watchdog {
    /** One health check: empty when healthy, else what is wrong, for an operator to read. */
    @FunctionalInterface
    interface Check {
        Optional<String> problem(Duration budget);
    }

    private final Notifier notifier;
    private final List<Check> checks;
    private final Duration budget;
    private final String healthyStatus;
    private String lastStatus;

    /**
     * @param budget how long each check may take per tick; keep ticks well inside half the watchdog interval
     */
    Watchdog(Notifier notifier, List<Check> checks, Duration budget, String healthyStatus) {
        this.notifier = notifier;
        this.checks = List.copyOf(checks);
        this.budget = budget;
        this.healthyStatus = healthyStatus;
        this.lastStatus = healthyStatus;
    }

    /** Runs the checks and pings when all pass. @return whether it pinged */
    boolean tick() {
        List<String> problems = new ArrayList<>();
        for (Check check : checks) {
            check.problem(budget).ifPresent(problems::add);
        }
        String status = problems.isEmpty() ? healthyStatus : "UNHEALTHY: " + String.join("; ", problems);
        boolean changed = !status.equals(lastStatus);
        if (changed) {
            if (problems.isEmpty()) {
                Logger.info("healthy again; watchdog pings resume");
            } else {
                Logger.warn("{}; watchdog pings withheld so the service manager can restart the agent", status);
            }
        }
        lastStatus = status;
        String message = (problems.isEmpty() ? "WATCHDOG=1\n" : "") + (changed ? "STATUS=" + status : "");
        if (!message.isEmpty()) {
            send(message.strip());
        }
        return problems.isEmpty();
    }

    private void send(String message) {
        try {
            notifier.send(message);
        } catch (IOException e) {
            // the service manager may be restarting; the next tick tries again
            Logger.warn("cannot notify the service manager: {}", e.getMessage());
        }
    }
}

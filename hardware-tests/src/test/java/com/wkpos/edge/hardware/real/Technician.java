package com.wkpos.edge.hardware.real;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.wkpos.edge.drivers.api.DeviceState;

/**
 * The person at the bench. Instructions go to {@code System.out}, which failsafe shows while the test
 * runs. Answers are read from the controlling terminal, {@code /dev/tty}, because failsafe keeps the
 * test JVM's stdin for itself. Without a terminal (CI, a detached job) nobody can answer: questions
 * are printed as things to check by eye and the test goes on. Every wait is bounded. Meant for one
 * test thread at a time.
 */
final class Technician {
    /** How often a wait looks at its condition; reading the terminal for this long is the pause. */
    private static final Duration PACE = Duration.ofMillis(250);
    private static final BlockingQueue<String> TYPED = new LinkedBlockingQueue<>();
    private static final boolean HAS_TERMINAL = listenToTerminal();

    private Technician() {
    }

    /** An instruction or something to look at, set apart so it stands out among the log lines. */
    static void say(String instruction) {
        System.out.println();
        System.out.println(">>> " + instruction);
        System.out.flush();
    }

    /** A fact the test found (a status, a prompt of the terminal), indented under the instruction. */
    static void note(String fact) {
        System.out.println("    " + fact);
        System.out.flush();
    }

    /**
     * Skips the test unless {@code condition} holds, saying why on the console too: Maven itself prints
     * only how many tests were skipped.
     */
    static void skipUnless(boolean condition, String why) {
        if (!condition) {
            note("skipped: " + why);
            abort(why);
        }
    }

    /** A state as the technician reads it in the README, e.g. {@code COVER_OPEN (cover open)}. */
    static String shown(DeviceState state) {
        return state.status() + (state.detail().isEmpty() ? "" : " (" + state.detail() + ")");
    }

    /**
     * The line typed in answer, stripped; empty when there is no terminal to answer on.
     *
     * @throws org.opentest4j.AssertionFailedError when no answer comes within {@link Bench#humanWait()}
     */
    static Optional<String> ask(String question) {
        if (!HAS_TERMINAL) {
            say(question + " (no terminal to answer on: check it yourself)");
            return Optional.empty();
        }
        TYPED.clear(); // a line typed before the question answers nothing
        say(question);
        Duration bound = Bench.humanWait();
        String answer = nextLine(bound);
        if (answer == null) {
            fail("no answer within " + bound.toSeconds() + " s to: " + question);
        }
        return Optional.of(answer.strip());
    }

    /** Asks a yes/no question; any answer but y or yes fails the test with {@code whenNo}. */
    static void confirm(String question, String whenNo) {
        ask(question + " [y/n]").ifPresent(answer -> {
            if (!answer.equalsIgnoreCase("y") && !answer.equalsIgnoreCase("yes")) {
                fail("answered '" + answer + "': " + whenNo);
            }
        });
    }

    /** Waits up to {@link Bench#humanWait()} for the technician's action to show in {@code done}. */
    static void awaitAction(String what, BooleanSupplier done) {
        await(what, Bench.humanWait(), done, false);
    }

    /** As {@link #awaitAction}, but typing {@code s} and Enter skips the step (reported as skipped). */
    static void awaitActionOrSkip(String what, BooleanSupplier done) {
        await(what, Bench.humanWait(), done, true);
    }

    /** Waits up to {@code bound} for a device to show {@code done}; fails naming {@code what}. */
    static void await(String what, Duration bound, BooleanSupplier done) {
        await(what, bound, done, false);
    }

    private static void await(String what, Duration bound, BooleanSupplier done, boolean skippable) {
        TYPED.clear();
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + bound.toSeconds() + " s for " + what);
            }
            String typed = nextLine(PACE);
            if (skippable && typed != null && typed.strip().equalsIgnoreCase("s")) {
                abort("skipped by the technician: " + what);
            }
        }
    }

    private static String nextLine(Duration bound) {
        try {
            return TYPED.poll(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the technician", e);
        }
    }

    /** Starts reading the terminal on a daemon thread; false when the JVM has no controlling terminal. */
    private static boolean listenToTerminal() {
        BufferedReader terminal;
        try {
            terminal = new BufferedReader(
                    new InputStreamReader(new FileInputStream("/dev/tty"), StandardCharsets.UTF_8));
        } catch (IOException noControllingTerminal) {
            // the expected case in CI: nobody is there to answer, so questions become things to check by eye
            return false;
        }
        Thread.ofPlatform().daemon().name("technician-terminal").start(() -> readLines(terminal));
        return true;
    }

    private static void readLines(BufferedReader terminal) {
        try {
            for (String line = terminal.readLine(); line != null; line = terminal.readLine()) {
                TYPED.add(line);
            }
        } catch (IOException e) {
            note("the terminal stopped answering: " + e.getMessage());
        }
    }
}

package com.wkpos.edge.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Function;

/**
 * A small seeded property runner for the parsers of outside input (docs/FUZZING.md). Each try draws its
 * input from its own {@link Random}, seeded {@code seed + i * STEP}, so a failure names the one seed that
 * replays it: {@code -Dwk.fuzz.seed=S -Dwk.fuzz.tries=1}. {@code -Dwk.fuzz.tries=N} runs every property
 * N times instead of its CI count. A whole property is bounded in time, so a hang fails instead of
 * stalling the build. Not thread-safe; one test thread per call.
 */
public final class Fuzz {
    /** The seed of every property unless {@code -Dwk.fuzz.seed} says otherwise: CI runs are repeatable. */
    public static final long DEFAULT_SEED = 0x5EED_2026_1207L;
    private static final long STEP = 0x9E37_79B9_7F4A_7C15L;
    private static final Duration BOUND = Duration.ofSeconds(Long.getLong("wk.fuzz.bound.seconds", 30));
    private static final HexFormat HEX = HexFormat.of();

    /** What a property checks about one input; throws (an assertion or anything else) when it does not hold. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Throwable;
    }

    /** The code under test, which may throw. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Throwable;
    }

    private Fuzz() {
    }

    /** Runs {@code property} on {@code ciTries} inputs of {@code gen} (or {@code -Dwk.fuzz.tries}). */
    public static <T> void forAll(int ciTries, Function<Random, T> gen, Property<T> property) {
        long seed = Long.getLong("wk.fuzz.seed", DEFAULT_SEED);
        long tries = Long.getLong("wk.fuzz.tries", ciTries);
        Duration bound = tries > ciTries ? BOUND.multipliedBy(Math.max(1, tries / ciTries)) : BOUND;
        assertTimeoutPreemptively(bound, () -> {
            for (long i = 0; i < tries; i++) {
                long trySeed = seed + i * STEP;
                T input = gen.apply(new Random(trySeed));
                try {
                    property.check(input);
                } catch (Throwable t) {
                    throw new AssertionError("property failed on try " + i + " (replay: -Dwk.fuzz.seed=" + trySeed
                            + " -Dwk.fuzz.tries=1) with input " + show(input) + ": " + t, t);
                }
            }
        }, () -> "property did not finish " + tries + " tries within " + bound + " (a hang?), seed " + seed);
    }

    /**
     * Runs {@code parse}: returning is fine, and so is throwing one of {@code documented} (the parser's
     * clear refusal). Anything else — a NullPointerException, an index out of bounds, a stack overflow,
     * an out-of-memory error — is rethrown as a failure.
     */
    @SafeVarargs
    public static void refusesOnlyWith(Parse parse, Class<? extends Throwable>... documented) throws Throwable {
        try {
            parse.run();
        } catch (Throwable t) {
            if (Arrays.stream(documented).noneMatch(c -> c.isInstance(t))) {
                throw new AssertionError("undocumented " + t.getClass().getName() + " instead of "
                        + Arrays.stream(documented).map(Class::getSimpleName).toList(), t);
            }
        }
    }

    /** An input for a failure message: bytes as text when they are printable UTF-8, else as hex; long inputs cut. */
    public static String show(Object input) {
        String s = input instanceof byte[] b ? printable(b) : String.valueOf(input);
        return s.length() > 2_000 ? s.substring(0, 2_000) + "…(" + s.length() + " chars)" : s;
    }

    private static String printable(byte[] bytes) {
        try {
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            if (text.codePoints().allMatch(c -> c >= 0x20 || c == '\n' || c == '\r' || c == '\t')) {
                return "text " + text;
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            // not text: shown as hex
        }
        return "hex " + HEX.formatHex(bytes);
    }
}

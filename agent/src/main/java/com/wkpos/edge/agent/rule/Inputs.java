package com.wkpos.edge.agent.rule;

import java.util.Locale;
import java.util.UUID;

/** Checks of the fields screens send, each refusing with a 400 problem that names the field. */
public final class Inputs {
    private Inputs() {
    }

    /** The text stripped, or null when blank and not required. */
    public static String text(String v, String field, int max, boolean required) {
        if (v == null || v.isBlank()) {
            if (required) {
                throw invalid(field + " is required");
            }
            return null;
        }
        if (v.length() > max) {
            throw invalid(field + " must be at most " + max + " characters");
        }
        return v.strip();
    }

    /** A lower-case UUID as given, or a 400. */
    public static String uuid(String raw, String field) {
        try {
            String id = UUID.fromString(raw).toString();
            if (id.equals(raw.toLowerCase(Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException | NullPointerException ignored) {
            // answered below
        }
        throw invalid(field + " must be a UUID, was '" + raw + "'");
    }

    /** A whole quantity in {@code min..max}. */
    public static long quantity(Long v, String field, long min, long max) {
        if (v == null || v < min || v > max) {
            throw invalid(field + " must be " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    public static Refused invalid(String message) {
        return new Refused(Refused.Kind.INVALID, "invalid-field", message);
    }
}

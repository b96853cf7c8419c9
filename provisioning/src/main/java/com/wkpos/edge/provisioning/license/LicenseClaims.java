package com.wkpos.edge.provisioning.license;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The claims of a license token (ARCHITECTURE.md "License", **contract**). Times are JWT NumericDates
 * (whole seconds). {@code device} is the RFC 7638 thumbprint of the box's key once HQ activated it,
 * carried as {@code cnf.jkt} (RFC 7800 confirmation); a tenant license before activation has none.
 *
 * @param sub   the license id
 * @param seq   grows with every token HQ issues for a tenant; a box never takes a lower one than it holds
 */
public record LicenseClaims(String iss, String sub, String tenant, String plan, List<String> modules, int maxDevices,
                            Instant iat, Instant nbf, Instant exp, int offlineDays, long seq, Optional<String> device) {
    public static final int DEFAULT_OFFLINE_DAYS = 30;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    /** The last NumericDate an {@link Instant} holds; a later one is refused rather than overflowing. */
    private static final long LAST_SECOND = Instant.MAX.getEpochSecond();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public LicenseClaims {
        requireId("iss", iss);
        requireId("sub", sub);
        requireId("tenant", tenant);
        if (plan == null || !NAME.matcher(plan).matches()) {
            throw new IllegalArgumentException("plan must be a lower-case name, was " + plan);
        }
        modules = List.copyOf(modules);
        if (new LinkedHashSet<>(modules).size() != modules.size()) {
            throw new IllegalArgumentException("modules must not repeat, was " + modules);
        }
        for (String m : modules) {
            if (!NAME.matcher(m).matches()) {
                throw new IllegalArgumentException("module must be a lower-case name, was " + m);
            }
        }
        if (maxDevices < 1 || maxDevices > 100_000) {
            throw new IllegalArgumentException("maxDevices must be 1..100000, was " + maxDevices);
        }
        if (offlineDays < 1 || offlineDays > 366) {
            throw new IllegalArgumentException("offlineDays must be 1..366, was " + offlineDays);
        }
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be positive, was " + seq);
        }
        if (iat == null || nbf == null || exp == null || !exp.isAfter(nbf) || iat.isAfter(exp)) {
            throw new IllegalArgumentException("need iat <= exp and nbf < exp, was iat=" + iat + " nbf=" + nbf + " exp=" + exp);
        }
        iat = iat.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        nbf = nbf.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        exp = exp.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        device.ifPresent(d -> {
            if (!d.matches("[A-Za-z0-9_-]{43}")) {
                throw new IllegalArgumentException("device must be a SHA-256 JWK thumbprint, was " + d);
            }
        });
    }

    public boolean hasModule(String module) {
        return modules.contains(module);
    }

    /** The same license bound to a device, re-issued as {@code seq} at {@code now}. */
    public LicenseClaims forDevice(String thumbprint, long newSeq, Instant now) {
        return new LicenseClaims(iss, sub, tenant, plan, modules, maxDevices, now, nbf, exp, offlineDays, newSeq,
                Optional.of(thumbprint));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iss", iss);
        m.put("sub", sub);
        m.put("tenant", tenant);
        m.put("plan", plan);
        m.put("modules", modules);
        m.put("maxDevices", maxDevices);
        m.put("iat", iat.getEpochSecond());
        m.put("nbf", nbf.getEpochSecond());
        m.put("exp", exp.getEpochSecond());
        m.put("offlineDays", offlineDays);
        m.put("seq", seq);
        device.ifPresent(d -> m.put("cnf", Map.of("jkt", d)));
        return m;
    }

    /**
     * Reads claims strictly typed; claims this version does not know are ignored so a newer HQ can add
     * some without locking older boxes.
     *
     * @throws IllegalArgumentException naming the bad claim
     */
    public static LicenseClaims fromJson(ObjectNode c) {
        List<String> modules = new ArrayList<>();
        JsonNode mods = c.get("modules");
        if (mods == null || !mods.isArray()) {
            throw new IllegalArgumentException("claim 'modules' must be an array");
        }
        for (JsonNode m : mods) {
            if (!m.isTextual()) {
                throw new IllegalArgumentException("claim 'modules' must hold strings");
            }
            modules.add(m.asText());
        }
        Optional<String> device = Optional.empty();
        JsonNode cnf = c.get("cnf");
        if (cnf != null) {
            JsonNode jkt = cnf.get("jkt");
            if (!cnf.isObject() || jkt == null || !jkt.isTextual() || cnf.size() != 1) {
                throw new IllegalArgumentException("claim 'cnf' must be {\"jkt\": thumbprint}");
            }
            device = Optional.of(jkt.asText());
        }
        return new LicenseClaims(text(c, "iss"), text(c, "sub"), text(c, "tenant"), text(c, "plan"), modules,
                (int) integer(c, "maxDevices", Integer.MAX_VALUE), Instant.ofEpochSecond(integer(c, "iat", LAST_SECOND)),
                Instant.ofEpochSecond(integer(c, "nbf", LAST_SECOND)),
                Instant.ofEpochSecond(integer(c, "exp", LAST_SECOND)),
                c.has("offlineDays") ? (int) integer(c, "offlineDays", Integer.MAX_VALUE) : DEFAULT_OFFLINE_DAYS,
                integer(c, "seq", Long.MAX_VALUE), device);
    }

    static String text(JsonNode c, String name) {
        JsonNode v = c.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("claim '" + name + "' must be a string");
        }
        return v.asText();
    }

    static long integer(JsonNode c, String name, long max) {
        JsonNode v = c.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > max) {
            throw new IllegalArgumentException("claim '" + name + "' must be an integer 0.." + max + ", was " + v);
        }
        return v.asLong();
    }

    private static void requireId(String name, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be 1-128 characters of [A-Za-z0-9._:-], was " + value);
        }
    }
}

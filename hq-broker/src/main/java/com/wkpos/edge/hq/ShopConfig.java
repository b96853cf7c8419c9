package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.Topics;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * The web-shop connector's settings (ADR 014), a Java properties file given as {@code --shop-config}:
 * {@code shop.url} (the shop's base URL; HQ calls {@code /retail/orders/{id}/status} and {@code /retail/stock}
 * under it), {@code shop.api-key} (the shared secret both sides sign with, at least 16 characters),
 * {@code shop.tenant}, {@code shop.branch} (the branch that fulfils every order; absent: the branch with the
 * most of the order in stock), {@code shop.auto-sync} (push stock levels, default true),
 * {@code shop.interval} (seconds between stock pushes, default 300), {@code shop.reroute-after} (seconds a
 * routed order may wait for an offline branch before it goes to another; 0, the default, never) and
 * {@code shop.retry} (seconds between delivery attempts, default 5). An unknown key fails start-up naming it.
 */
public record ShopConfig(URI url, String apiKey, String tenant, String branch, boolean autoSync, Duration interval,
                         Duration rerouteAfter, Duration retry) {
    /** How far a webhook's timestamp may be from HQ's clock, either way. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Set<String> KEYS = Set.of("shop.url", "shop.api-key", "shop.tenant", "shop.branch",
            "shop.auto-sync", "shop.interval", "shop.reroute-after", "shop.retry");

    public ShopConfig {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("shop.url must be an http(s) URL, was " + url);
        }
        if (apiKey == null || apiKey.length() < 16) {
            throw new IllegalArgumentException("shop.api-key must be a secret of at least 16 characters");
        }
        Topics.requireId("shop.tenant", tenant);
        if (branch != null) {
            Topics.requireId("shop.branch", branch);
        }
        if (interval.isNegative() || interval.isZero() || rerouteAfter.isNegative() || retry.isNegative() || retry.isZero()) {
            throw new IllegalArgumentException("shop.interval and shop.retry must be > 0 s, shop.reroute-after >= 0 s");
        }
    }

    /** @throws IllegalArgumentException naming the file, or the bad or unknown key */
    public static ShopConfig read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --shop-config " + file + ": " + e.getMessage(), e);
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key " + key + " in " + file + "; known: " + KEYS);
            }
        }
        String branch = p.getProperty("shop.branch", "").isBlank() ? null : p.getProperty("shop.branch").trim();
        try {
            return new ShopConfig(URI.create(p.getProperty("shop.url", "").trim()), p.getProperty("shop.api-key"),
                    p.getProperty("shop.tenant", "").trim(), branch,
                    Boolean.parseBoolean(p.getProperty("shop.auto-sync", "true").trim()),
                    seconds(p, "shop.interval", 300), seconds(p, "shop.reroute-after", 0), seconds(p, "shop.retry", 5));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static Duration seconds(Properties p, String key, long fallback) {
        String v = p.getProperty(key, String.valueOf(fallback)).trim();
        if (!v.matches("\\d{1,9}")) {
            throw new IllegalArgumentException(key + " must be whole seconds, was '" + v + "'");
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }
}

package com.wkpos.edge.hq;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** HQ's counters, exported as Prometheus text at {@code /metrics}. Thread-safe. */
public final class HqMetrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    public void add(String name, long n) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
    }

    public void rejected(String reason) {
        add("wk_hq_rejected_total{reason=\"" + reason + "\"}", 1);
    }

    public long get(String name) {
        AtomicLong v = counters.get(name);
        return v == null ? 0 : v.get();
    }

    public long rejectedCount(String reason) {
        return get("wk_hq_rejected_total{reason=\"" + reason + "\"}");
    }

    String prometheus() {
        StringBuilder out = new StringBuilder();
        String lastFamily = "";
        for (Map.Entry<String, AtomicLong> e : new TreeMap<>(counters).entrySet()) {
            String family = e.getKey().replaceAll("\\{.*", "");
            if (!family.equals(lastFamily)) {
                out.append("# TYPE ").append(family).append(" counter\n");
                lastFamily = family;
            }
            out.append(e.getKey()).append(' ').append(e.getValue().get()).append('\n');
        }
        return out.toString();
    }
}

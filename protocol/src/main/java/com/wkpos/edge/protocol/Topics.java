package com.wkpos.edge.protocol;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MQTT topic names of sync (**contract**, ARCHITECTURE.md "Sync with HQ over MQTT"). Tenant and
 * branch ids are single topic levels, so they may hold no {@code /}, {@code +} or {@code #}.
 */
public final class Topics {
    /** HQ ingest: every branch's upstream topics, shared among HQ instances on a broker that supports it. */
    public static final String INGEST_SHARED = "$share/hq-ingest/wk/+/b/+/up/#";
    /** HQ ingest on a broker without shared subscriptions (the embedded one): one instance. */
    public static final String INGEST = "wk/+/b/+/up/#";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern BRANCH_TOPIC = Pattern.compile(
            "wk/([^/]+)/b/([^/]+)/(up|down)/(journal|status|pull|ack|cmd|catalog)");

    public enum Kind { JOURNAL, STATUS, PULL, ACK, CMD, CATALOG }

    /** A parsed branch topic; see {@link #parse}. */
    public record BranchTopic(String tenant, String branch, boolean up, Kind kind) {
    }

    private Topics() {
    }

    /** @throws IllegalArgumentException naming the bad id */
    public static String requireId(String what, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " must be 1-64 of A-Z a-z 0-9 _ . - (starting with a letter"
                    + " or digit), was '" + id + "'");
        }
        return id;
    }

    public static String upJournal(String tenant, String branch) {
        return branch(tenant, branch) + "/up/journal";
    }

    public static String upStatus(String tenant, String branch) {
        return branch(tenant, branch) + "/up/status";
    }

    public static String upPull(String tenant, String branch) {
        return branch(tenant, branch) + "/up/pull";
    }

    public static String downAck(String tenant, String branch) {
        return branch(tenant, branch) + "/down/ack";
    }

    public static String downCmd(String tenant, String branch) {
        return branch(tenant, branch) + "/down/cmd";
    }

    public static String downCatalog(String tenant, String branch) {
        return branch(tenant, branch) + "/down/catalog";
    }

    public static String allDownCatalog(String tenant) {
        return "wk/" + requireId("tenant", tenant) + "/all/down/catalog";
    }

    /** The branch topic {@code topic} names, or empty when it is not one of ours. */
    public static Optional<BranchTopic> parse(String topic) {
        var m = BRANCH_TOPIC.matcher(topic);
        if (!m.matches() || !ID.matcher(m.group(1)).matches() || !ID.matcher(m.group(2)).matches()) {
            return Optional.empty();
        }
        boolean up = m.group(3).equals("up");
        Kind kind = Kind.valueOf(m.group(4).toUpperCase(java.util.Locale.ROOT));
        boolean legal = up ? kind == Kind.JOURNAL || kind == Kind.STATUS || kind == Kind.PULL
                : kind == Kind.ACK || kind == Kind.CMD || kind == Kind.CATALOG;
        return legal ? Optional.of(new BranchTopic(m.group(1), m.group(2), up, kind)) : Optional.empty();
    }

    private static String branch(String tenant, String branch) {
        return "wk/" + requireId("tenant", tenant) + "/b/" + requireId("branch", branch);
    }
}

package com.wkpos.edge.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Branch → HQ on {@code up/journal}: consecutive journal entries {@code fromSeq..toSeq} of one device,
 * with {@code sha256} over the canonical encoding of {@code entries}. HQ stores them idempotently on
 * {@code (device, seq)} and answers with an {@link Ack}.
 */
public record JournalBatch(String tenant, String branch, String device, long fromSeq, long toSeq,
                           List<Entry> entries, String sha256) {
    public static final int MAX_ENTRIES = 2_000;

    /** One journal entry as it travels; the fields of the branch's {@code journal} row. */
    public record Entry(long seq, String id, long hlc, String type, String payload, String prevHash, String hash) {
    }

    public JournalBatch {
        entries = entries == null ? null : List.copyOf(entries);
    }

    /** A batch of {@code entries} (consecutive, non-empty) with its hash computed. */
    public static JournalBatch of(String tenant, String branch, String device, List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one entry");
        }
        return new JournalBatch(tenant, branch, device, entries.getFirst().seq(), entries.getLast().seq(), entries,
                hashOf(entries));
    }

    public static String hashOf(List<Entry> entries) {
        return EntryHash.sha256Hex(SyncCodec.encodeString(entries).getBytes(StandardCharsets.UTF_8));
    }

    /** Everything wrong with this batch, each naming the bad value; empty when HQ may store it. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (device == null || device.isBlank()) {
            p.add("device is required");
        }
        if (entries == null || entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            p.add("entries must hold 1.." + MAX_ENTRIES + " entries, had " + (entries == null ? null : entries.size()));
            return p;
        }
        if (!hashOf(entries).equals(sha256)) {
            p.add("batch sha256 " + sha256 + " does not match its entries");
            return p;
        }
        if (fromSeq < 1 || toSeq - fromSeq + 1 != entries.size()) {
            p.add("fromSeq " + fromSeq + " / toSeq " + toSeq + " do not span " + entries.size() + " entries");
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.seq() != fromSeq + i) {
                p.add("entry " + i + " has seq " + e.seq() + ", expected " + (fromSeq + i));
                break;
            }
            if (e.type() == null || e.payload() == null || e.prevHash() == null || e.id() == null
                    || !e.prevHash().matches("[0-9a-f]{64}")) {
                p.add("entry seq " + e.seq() + " lacks id, type, payload or a hex prevHash");
                break;
            }
            if (!EntryHash.hash(e.prevHash(), e.seq(), e.id(), device, e.hlc(), e.type(), e.payload()).equals(e.hash())) {
                p.add("entry seq " + e.seq() + " hash does not match its content");
                break;
            }
            if (i > 0 && !e.prevHash().equals(entries.get(i - 1).hash())) {
                p.add("entry seq " + e.seq() + " does not chain to seq " + (e.seq() - 1));
                break;
            }
        }
        return p;
    }
}

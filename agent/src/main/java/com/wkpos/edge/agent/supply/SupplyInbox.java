package com.wkpos.edge.agent.supply;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.event.Events;
import com.wkpos.edge.agent.journal.Journal;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import com.wkpos.edge.agent.sync.SupplyReceiver;
import com.wkpos.edge.protocol.SupplyCommand;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Applies HQ's supply commands for this branch, each as one {@code supply.applied} entry in seq order:
 * the next one only, in the same transaction that checks it is the next one, so a redelivered or
 * reordered command never applies twice or out of turn. A document this branch cannot take (not a party,
 * malformed) is journaled as ignored with the reason, so the sequence moves on and nothing changes. A web-shop
 * order ({@link OnlineOrders}) is taken in by the entries that follow {@code supply.applied} in its transaction.
 */
public final class SupplyInbox implements SupplyReceiver {
    static final String APPLIED = "supply.applied";

    private final Journal journal;
    private final Clock clock;
    private final Events events;

    public SupplyInbox(Journal journal, Clock clock, Events events) {
        this.journal = journal;
        this.clock = clock;
        this.events = events;
    }

    public static void register(Projections.Builder projections) {
        projections.on(APPLIED, SupplyInbox::project).table("supply_commands", "seq", "entry_seq");
    }

    @Override
    public long lastApplied() {
        return journal.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT COALESCE(MAX(seq), 0) FROM supply_commands")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public boolean apply(SupplyCommand command) {
        boolean[] applied = new boolean[1];
        SupplyWrite.run(journal, tx -> {
            PreparedStatement ps = tx.statement("SELECT COALESCE(MAX(seq), 0) FROM supply_commands");
            long last;
            try (ResultSet rs = ps.executeQuery()) {
                last = rs.next() ? rs.getLong(1) : 0;
            }
            if (command.seq() != last + 1) {
                return;
            }
            String kind = command.kind();
            boolean transfer = kind.equals(SupplyCommand.TRANSFER);
            String problem = switch (kind) {
                case SupplyCommand.TRANSFER -> TransferProjection.problem(command.doc(), command.branch());
                case SupplyCommand.ORDER -> OnlineOrders.problem(command.doc(), command.branch());
                default -> PurchaseOrders.problem(command.doc(), command.branch());
            };
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("cmdSeq", command.seq());
            p.put("kind", command.kind());
            p.put("issuedAt", command.issuedAt());
            p.put("doc", command.doc());
            p.put("ignored", problem);
            p.put("at", clock.instant().toString());
            tx.append(APPLIED, p);
            applied[0] = true;
            if (problem != null) {
                Logger.warn("HQ supply command {} ignored: {}", command.seq(), problem);
                return;
            }
            if (kind.equals(SupplyCommand.ORDER)) {
                OnlineOrders.apply(tx, command.doc(), events);
                return;
            }
            String id = command.doc().path(transfer ? "transferId" : "poId").asText();
            tx.afterCommit(() -> events.publish(transfer ? "transfer.updated" : "purchase-order.updated",
                    Map.of("id", id)));
        });
        return applied[0];
    }

    private static String docId(String kind) {
        return switch (kind) {
            case SupplyCommand.TRANSFER -> "transferId";
            case SupplyCommand.ORDER -> "orderId";
            default -> "poId";
        };
    }

    private static void project(ProjectionContext ctx, JournalEntry e, JsonNode p) throws SQLException {
        String kind = p.required("kind").asText();
        JsonNode doc = p.required("doc");
        boolean transfer = kind.equals(SupplyCommand.TRANSFER);
        PreparedStatement ps = ctx.statement("INSERT INTO supply_commands (seq, kind, doc_id, ignored, entry_seq)"
                + " VALUES (?, ?, ?, ?, ?)");
        ps.setLong(1, p.required("cmdSeq").asLong());
        ps.setString(2, kind);
        ps.setString(3, doc.path(docId(kind)).asText(null));
        ps.setString(4, p.path("ignored").asText(null));
        ps.setLong(5, e.seq());
        ps.executeUpdate();
        if (p.hasNonNull("ignored") || kind.equals(SupplyCommand.ORDER)) {
            return; // an order is taken in by the order.received entry that follows
        }
        String at = p.required("at").asText();
        if (transfer) {
            TransferProjection.applyRemote(ctx, e, doc, at);
        } else {
            PurchaseOrders.applyRemote(ctx, e, doc, at);
        }
    }
}

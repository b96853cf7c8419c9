package com.wkpos.edge.agent.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.JournalEntry;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.journal.ProjectionContext;
import com.wkpos.edge.agent.journal.Projections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The branch's double-entry ledger. Transactions arrive inside other journal entries (a sale carries
 * its postings) and are written by their projectors; every transaction must balance.
 */
public final class Ledger {
    private Ledger() {
    }

    public static void register(Projections.Builder projections) {
        projections.table("ledger_entries", "id", "seq");
    }

    /**
     * Checks a transaction balances before it is journaled.
     *
     * @throws IllegalArgumentException when debits and credits differ
     */
    public static void requireBalanced(String txnId, List<Posting> postings) {
        long debit = postings.stream().mapToLong(Posting::debit).sum();
        long credit = postings.stream().mapToLong(Posting::credit).sum();
        if (debit != credit || postings.isEmpty()) {
            throw new IllegalArgumentException("ledger transaction " + txnId + " does not balance: debit " + debit
                    + " credit " + credit);
        }
    }

    /** Writes a transaction's postings from a journal payload ({@code {txnId, postings:[…]}}). */
    public static void project(ProjectionContext ctx, JournalEntry e, JsonNode ledger, String currency,
                               String occurredAt) throws SQLException {
        PreparedStatement insert = ctx.statement("INSERT INTO ledger_entries (id, txn_id, seq, account, debit, credit,"
                + " currency, memo, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        String txnId = ledger.required("txnId").asText();
        for (JsonNode p : ledger.required("postings")) {
            insert.setString(1, p.required("id").asText());
            insert.setString(2, txnId);
            insert.setLong(3, e.seq());
            insert.setString(4, p.required("account").asText());
            insert.setLong(5, p.required("debit").asLong());
            insert.setLong(6, p.required("credit").asLong());
            insert.setString(7, currency);
            insert.setString(8, p.required("memo").asText());
            insert.setString(9, occurredAt);
            insert.executeUpdate();
        }
    }

    /** {@code journal verify}: every ledger transaction balances. */
    public static JournalVerifier.Check balanceCheck() {
        return new JournalVerifier.Check() {
            @Override
            public String name() {
                return "ledger-balance";
            }

            @Override
            public Optional<JournalVerifier.Finding> run(Connection c) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement("SELECT txn_id, MIN(seq), SUM(debit), SUM(credit)"
                        + " FROM ledger_entries GROUP BY txn_id HAVING SUM(debit) <> SUM(credit) ORDER BY MIN(seq) LIMIT 1");
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(new JournalVerifier.Finding(name(), rs.getLong(2), "ledger transaction "
                                + rs.getString(1) + " does not balance: debit " + rs.getLong(3) + " credit " + rs.getLong(4)));
                    }
                    return Optional.empty();
                }
            }
        };
    }
}

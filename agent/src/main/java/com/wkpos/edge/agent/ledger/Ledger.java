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

    /** One account's line of the trial balance; {@code balance = debit - credit}. */
    public record AccountBalance(String account, long debit, long credit, long balance) {
    }

    /** Every account's debits and credits; over all accounts the balances sum to zero. */
    public static List<AccountBalance> trialBalance(Connection c) throws SQLException {
        List<AccountBalance> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT account, SUM(debit), SUM(credit) FROM ledger_entries"
                + " GROUP BY account ORDER BY account"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new AccountBalance(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(2) - rs.getLong(3)));
            }
        }
        return out;
    }

    /** {@code journal verify}: the trial balance sums to zero. */
    public static JournalVerifier.Check trialBalanceCheck() {
        return new JournalVerifier.Check() {
            @Override
            public String name() {
                return "trial-balance";
            }

            @Override
            public Optional<JournalVerifier.Finding> run(Connection c) throws SQLException {
                long sum = trialBalance(c).stream().mapToLong(AccountBalance::balance).sum();
                if (sum == 0) {
                    return Optional.empty();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM journal");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return Optional.of(new JournalVerifier.Finding(name(), rs.getLong(1),
                            "the trial balance sums to " + sum + ", not 0"));
                }
            }
        };
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

package com.wkpos.edge.agent.ledger;

import com.wkpos.edge.agent.journal.UuidV7;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** One balanced ledger transaction as it travels inside a journal payload. */
public record LedgerTxn(String txnId, List<Posting> postings) {
    public LedgerTxn {
        postings = List.copyOf(postings);
        if (!postings.isEmpty()) {
            Ledger.requireBalanced(txnId, postings);
        }
    }

    /** Collects postings, skipping zero amounts and turning a negative amount into the other side. */
    public static final class Builder {
        private final Clock clock;
        private final String memo;
        private final List<Posting> postings = new ArrayList<>();

        public Builder(Clock clock, String memo) {
            this.clock = clock;
            this.memo = memo;
        }

        public Builder debit(String account, long amount) {
            if (amount > 0) {
                postings.add(Posting.debit(UuidV7.nextString(clock), account, amount, memo));
            } else if (amount < 0) {
                postings.add(Posting.credit(UuidV7.nextString(clock), account, -amount, memo));
            }
            return this;
        }

        public Builder credit(String account, long amount) {
            return debit(account, -amount);
        }

        public LedgerTxn build(String txnId) {
            return new LedgerTxn(txnId, postings);
        }
    }
}

package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.journal.JournalTransaction;
import java.sql.SQLException;

/**
 * The return half of an exchange at the till: goods of an earlier sale taken back as credit towards a new
 * sale. It runs inside the new sale's write transaction, before the sale settles its tenders, so the return
 * and the sale commit together or not at all.
 */
public interface ExchangeReturn {
    /**
     * Journals the return for the new sale {@code saleId}, whose goods total {@code linesTotal}.
     *
     * @return what the return credits the sale: never more than {@code linesTotal}; the rest of the returned
     *         goods' worth the return gives back by another method
     */
    Credit take(JournalTransaction tx, String saleId, long linesTotal) throws SQLException;

    /** @param refundId the return's journal id; {@code amount} the credit the sale is paid with */
    record Credit(String refundId, long amount) {
    }

    /**
     * An exchange as the sale sees it: the worth of the goods coming back (what a check before the write
     * settles with), the return's request as text (part of the sale's request digest, so a key reused for
     * another return is refused), and the return itself.
     */
    record Exchange(long worth, String request, ExchangeReturn back) {
    }
}

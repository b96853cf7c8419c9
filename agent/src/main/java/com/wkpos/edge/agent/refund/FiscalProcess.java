package com.wkpos.edge.agent.refund;

import com.wkpos.edge.agent.journal.ProjectionContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** What a refund's fiscal document needs to know of the sale: its lines' VAT rates and its own process data. */
final class FiscalProcess {
    private FiscalProcess() {
    }

    static int rateOf(ProjectionContext ctx, String saleId, int lineNo) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT tax_bp FROM sale_lines WHERE sale_id = ? AND line_no = ?");
        ps.setString(1, saleId);
        ps.setInt(2, lineNo);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("sale " + saleId + " has no line " + lineNo);
            }
            return rs.getInt(1);
        }
    }

    /** The process data the sale was signed with (or is waiting to be signed with); empty for a sale before signing. */
    static Optional<String> ofSale(ProjectionContext ctx, String saleId) throws SQLException {
        PreparedStatement ps = ctx.statement("SELECT process_data FROM fiscal_records WHERE document = ?");
        ps.setString(1, "sale:" + saleId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }
}

package com.wkpos.edge.agent.print;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.refund.RefundView;
import com.wkpos.edge.agent.sale.SaleView;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Renders every kind of print job: sale receipts, X and Z reports, refund and void slips. A document
 * missing from its table is a broken journal, not a printer fault, so it throws.
 */
public final class Documents implements ReceiptRenderer {
    private final SaleReceipts receipts;
    private final Function<String, Optional<SaleView>> sales;
    private final LongFunction<Optional<Map<String, Object>>> zReports;
    private final Function<String, Optional<RefundView>> refunds;
    private final List<String> header;
    private final ReceiptLayout layout;
    private final String currency;

    /**
     * @param zReports a Z report by number, as {@code GET /api/v1/reports/z/{no}} answers it
     * @param refunds  a refund or void by id
     */
    public Documents(Function<String, Optional<SaleView>> sales, LongFunction<Optional<Map<String, Object>>> zReports,
                     Function<String, Optional<RefundView>> refunds, List<String> header, ReceiptLayout layout,
                     String currency) {
        this.receipts = new SaleReceipts(sales, header, layout);
        this.sales = sales;
        this.zReports = zReports;
        this.refunds = refunds;
        this.header = List.copyOf(header);
        this.layout = layout;
        this.currency = currency;
    }

    @Override
    public byte[] render(PrintJob job, boolean copy) {
        return switch (job.document()) {
            case SALE -> receipts.render(job, copy);
            case X -> layout.render(DocumentSlips.report(CanonicalJson.read(job.content()), header, copy, currency));
            case Z -> layout.render(DocumentSlips.report(z(job), header, copy, currency));
            case REFUND -> {
                RefundView refund = refunds.apply(job.documentId()).orElseThrow(() -> missing(job));
                yield layout.render(DocumentSlips.refund(refund, sales.apply(refund.saleId()), header, copy, currency));
            }
        };
    }

    private JsonNode z(PrintJob job) {
        return CanonicalJson.tree(zReports.apply(Long.parseLong(job.documentId())).orElseThrow(() -> missing(job)));
    }

    private static IllegalStateException missing(PrintJob job) {
        return new IllegalStateException("print job " + job.id() + ": no " + job.document() + " " + job.documentId());
    }
}

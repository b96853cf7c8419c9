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
    private final ReceiptFacts facts;
    private final Function<String, String> categoryName;
    private final ReceiptLayout layout;
    private final String currency;

    /**
     * @param zReports     a Z report by number, as {@code GET /api/v1/reports/z/{no}} answers it
     * @param refunds      a refund or void by id
     * @param categoryName a category's name by id, for the reports
     */
    public Documents(Function<String, Optional<SaleView>> sales, LongFunction<Optional<Map<String, Object>>> zReports,
                     Function<String, Optional<RefundView>> refunds, ReceiptFacts facts,
                     Function<String, String> categoryName, ReceiptLayout layout, String currency) {
        this.receipts = new SaleReceipts(sales, facts, layout);
        this.sales = sales;
        this.zReports = zReports;
        this.refunds = refunds;
        this.facts = facts;
        this.categoryName = categoryName;
        this.layout = layout;
        this.currency = currency;
    }

    /**
     * The fiscal document a job prints, whose signature it must wait for: {@code sale:<id>} or
     * {@code refund:<id>}; empty for reports.
     */
    public static Optional<String> fiscalDocument(PrintJob job) {
        return switch (job.document()) {
            case SALE -> Optional.of("sale:" + job.documentId());
            case REFUND -> Optional.of("refund:" + job.documentId());
            case X, Z -> Optional.empty();
        };
    }

    @Override
    public byte[] render(PrintJob job, boolean copy) {
        return switch (job.document()) {
            case SALE -> receipts.render(job, copy);
            case X -> layout.render(DocumentSlips.report(CanonicalJson.read(job.content()), facts, categoryName, copy,
                    currency));
            case Z -> layout.render(DocumentSlips.report(z(job), facts, categoryName, copy, currency));
            case REFUND -> {
                RefundView refund = refunds.apply(job.documentId()).orElseThrow(() -> missing(job));
                yield layout.render(DocumentSlips.refund(refund, sales.apply(refund.saleId()), facts, copy, currency));
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

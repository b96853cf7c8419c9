package com.wkpos.edge.agent.api;

import com.wkpos.edge.agent.sale.SaleRequest;
import java.util.List;

/** The body of {@code POST /api/v1/sales/quote} (**contract**). */
record QuoteRequest(List<SaleRequest.Line> lines, String coupon) {
}

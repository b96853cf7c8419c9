package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.customer.LoyaltyRule;
import com.wkpos.edge.agent.fiscal.Fiscalization;
import com.wkpos.edge.agent.payment.ExchangeRates;

/**
 * The till's rules a sale follows. Every sale needs an open shift on the till; that is not a rule a
 * branch can turn off.
 *
 * @param rates   exchange rates for foreign cash
 * @param loyalty how a customer's sale earns points
 * @param fiscal  whether each sale carries the process data its security device (TSE) signs
 */
public record SaleTill(ExchangeRates rates, LoyaltyRule loyalty, Fiscalization fiscal) {
    public static SaleTill defaults() {
        return new SaleTill(ExchangeRates.none(), LoyaltyRule.defaults(), Fiscalization.off());
    }
}

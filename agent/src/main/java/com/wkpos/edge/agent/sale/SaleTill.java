package com.wkpos.edge.agent.sale;

import com.wkpos.edge.agent.customer.LoyaltyRule;
import com.wkpos.edge.agent.payment.ExchangeRates;

/**
 * The till's rules a sale follows.
 *
 * @param requireOpenShift refuse a sale while no shift is open
 * @param rates            exchange rates for foreign cash
 * @param loyalty          how a customer's sale earns points
 */
public record SaleTill(boolean requireOpenShift, ExchangeRates rates, LoyaltyRule loyalty) {
    public static SaleTill defaults() {
        return new SaleTill(false, ExchangeRates.none(), LoyaltyRule.defaults());
    }
}

package com.wkpos.edge.agent.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * Configured exchange rates for foreign cash: {@code rate} is how many minor units of the branch
 * currency one minor unit of the foreign currency is worth (both with two decimals; CHF 1.00 at rate
 * 1.05 is EUR 1.05). Conversions round half-up to the cent; change is always given in the branch currency.
 */
public record ExchangeRates(Map<String, BigDecimal> rates) {
    public ExchangeRates {
        rates = Map.copyOf(rates);
        rates.forEach((currency, rate) -> {
            if (!currency.matches("[A-Z]{3}") || rate.signum() <= 0) {
                throw new IllegalArgumentException("exchange rate " + currency + "=" + rate
                        + " needs an ISO 4217 code and a positive rate");
            }
        });
    }

    /**
     * HQ's {@code exchangeRates} section: a list of {@code {"currency": "CHF", "rate": "1.05"}}.
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static ExchangeRates fromHq(com.fasterxml.jackson.databind.JsonNode list) {
        if (!list.isArray()) {
            throw new IllegalArgumentException("HQ exchange rates must be a list");
        }
        Map<String, BigDecimal> rates = new java.util.LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode r : list) {
            String currency = r.path("currency").asText("");
            BigDecimal rate;
            try {
                rate = new BigDecimal(r.path("rate").asText(""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("exchange rate for " + currency + " is not a number: " + r.path("rate"));
            }
            if (rates.put(currency, rate) != null) {
                throw new IllegalArgumentException("exchange rate for " + currency + " appears twice");
            }
        }
        return new ExchangeRates(rates);
    }

    public static ExchangeRates none() {
        return new ExchangeRates(Map.of());
    }

    public Optional<BigDecimal> rate(String currency) {
        return Optional.ofNullable(rates.get(currency));
    }

    /** {@code foreignMinor × rate}, half-up to a minor unit of the branch currency. */
    public static long toLocal(long foreignMinor, BigDecimal rate) {
        return BigDecimal.valueOf(foreignMinor).multiply(rate).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}

package com.wkpos.edge.agent.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenderTest {
    private static Tender.Line cash(long amount) {
        return new Tender.Line("CASH", amount, null, null, null, null);
    }

    private static Tender.Line card(long amount) {
        return new Tender.Line("CARD", amount, null, null, null, null);
    }

    @Test
    void cashRoundingAppliesOnlyToTheCashPart() {
        Tender.Settlement s = Tender.settle(1003, List.of(card(500), cash(600)), 5);
        assertThat(s.rounding()).as("cash part 503 rounds to 505").isEqualTo(2);
        assertThat(s.total()).isEqualTo(1005);
        assertThat(s.change()).isEqualTo(95);
    }

    @Test
    void cardOnlyIsNeverRounded() {
        assertThat(Tender.settle(1003, List.of(card(1003)), 5).rounding()).isZero();
    }

    @Test
    void splitWithoutCashMustMatchExactly() {
        assertThatThrownBy(() -> Tender.settle(1000, List.of(card(600), new Tender.Line("MOBILE", 300, null, null, null,
                null)), 0)).extracting(e -> ((SaleRejectedException) e).reason())
                .isEqualTo(SaleRejectedException.Reason.SPLIT_MISMATCH);
    }

    @Test
    void nonCashAboveTheTotalIsRefusedBecauseChangeComesOnlyFromCash() {
        assertThatThrownBy(() -> Tender.settle(1000, List.of(card(1200), cash(100)), 0))
                .extracting(e -> ((SaleRejectedException) e).reason()).isEqualTo(SaleRejectedException.Reason.SPLIT_MISMATCH);
    }

    @Test
    void shortCashIsRefused() {
        assertThatThrownBy(() -> Tender.settle(1000, List.of(card(500), cash(400)), 0))
                .extracting(e -> ((SaleRejectedException) e).reason()).isEqualTo(SaleRejectedException.Reason.PAYMENT_SHORT);
    }

    @Test
    void foreignCashCountsAtItsLocalValueAndChangeIsLocal() {
        long local = com.wkpos.edge.agent.payment.ExchangeRates.toLocal(2000, new java.math.BigDecimal("1.05"));
        assertThat(local).isEqualTo(2100);
        Tender.Settlement s = Tender.settle(1999, List.of(new Tender.Line("CASH", local, "CHF", 2000L, "1.05", null)), 1);
        assertThat(s.change()).isEqualTo(101);
    }
}

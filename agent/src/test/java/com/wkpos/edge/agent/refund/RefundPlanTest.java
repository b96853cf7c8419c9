package com.wkpos.edge.agent.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.agent.rule.Refused;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefundPlanTest {
    /** One line of 3 units at 1000 total (840 net, 160 tax), a second of 1 at 499; paid 1500 after +1 cash rounding. */
    private static SaleBook sale(long refundedQty, long refundedTotal, long refundedTax, long refunded) {
        return new SaleBook("s1", 10, "2026-03-02T09:00:00Z", 7, 1500, "c1", 15,
                List.of(new SaleBook.Line(1, "COF-250", "A", 3, 840, 160, 1000, refundedQty, refundedTotal - refundedTax,
                        refundedTax, refundedTotal), new SaleBook.Line(2, "COF-500", "A", 1, 420, 79, 499, 0, 0, 0, 0)),
                Map.of("CASH", 1500L), Map.of(), refunded, 0, false, 1500, Map.of("CASH", 1500L));
    }

    @Test
    void aPartOfALineGivesBackItsShareRoundedDown() {
        RefundPlan plan = RefundPlan.of(sale(0, 0, 0, 0), Map.of(1, 1L));
        assertThat(plan.amount()).isEqualTo(333);
        assertThat(plan.lines().getFirst().tax()).isEqualTo(53);
        assertThat(plan.lines().getFirst().net()).isEqualTo(280);
        assertThat(plan.points()).isEqualTo(3);
        assertThat(plan.last()).isFalse();
    }

    @Test
    void theLastUnitsOfALineTakeWhatIsLeftSoTheLineAddsUpExactly() {
        RefundPlan plan = RefundPlan.of(sale(2, 666, 106, 666), Map.of(1, 1L));
        assertThat(plan.lines().getFirst().total()).isEqualTo(1000 - 666);
        assertThat(plan.lines().getFirst().tax()).isEqualTo(160 - 106);
    }

    @Test
    void theRefundThatEmptiesTheSaleGivesBackTheCashRoundingAndAllPointsLeft() {
        RefundPlan plan = RefundPlan.of(sale(0, 0, 0, 0), Map.of());
        assertThat(plan.amount()).isEqualTo(1500);
        assertThat(plan.rounding()).isEqualTo(1);
        assertThat(plan.points()).isEqualTo(15);
        assertThat(plan.last()).isTrue();
    }

    @Test
    void refundAboveWhatIsLeftOfALineIsRefused() {
        assertThatThrownBy(() -> RefundPlan.of(sale(2, 666, 106, 666), Map.of(1, 2L)))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.type()).isEqualTo("refund-above-paid"));
    }

    @Test
    void aLineTheSaleDoesNotHaveIsRefused() {
        assertThatThrownBy(() -> RefundPlan.of(sale(0, 0, 0, 0), Map.of(9, 1L)))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.kind()).isEqualTo(Refused.Kind.INVALID));
    }

    @Test
    void moreByAMethodThanItPaidIsRefused() {
        SaleBook split = new SaleBook("s1", 10, "2026-03-02T09:00:00Z", 7, 1500, null, 0, List.of(),
                Map.of("CASH", 500L, "CARD", 1000L), Map.of(), 0, 0, false, 500, Map.of("CASH", 500L, "CARD", 1000L));
        assertThatThrownBy(() -> Refunds.requireWithinMethod(split, Map.of("CASH", 200L), "CASH", 301))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.type()).isEqualTo("refund-above-paid"));
        Refunds.requireWithinMethod(split, Map.of("CASH", 200L), "CASH", 300);
        assertThatThrownBy(() -> Refunds.requireWithinMethod(split, Map.of(), "MOBILE", 1))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.type()).isEqualTo("refund-method-not-paid"));
    }
}

package com.wkpos.edge.agent.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import org.junit.jupiter.api.Test;

/** The till file's stock write-off threshold: absent or null is as strict as 0, a bad value fails naming the key. */
class TillConfigTest {
    private static ApprovalPolicy approvals(String json) throws Exception {
        return TillConfig.parse(new ObjectMapper().readTree(json)).approvals();
    }

    @Test
    void withoutAStockThresholdEveryWriteOffOfValueNeedsAManager() throws Exception {
        for (String json : new String[] {"{}", "{\"approvals\": {}}", "{\"approvals\": {\"stockAdjustmentAbove\": null}}"}) {
            ApprovalPolicy policy = approvals(json);
            assertThat(policy.stockAdjustmentAbove()).as(json).isZero();
            assertThat(policy.needs(Action.STOCK_ADJUSTMENT, 1)).as(json).isTrue();
        }
        assertThat(ApprovalPolicy.none().needs(Action.STOCK_ADJUSTMENT, 1)).isTrue();
    }

    @Test
    void aStockThresholdLetsWriteOffsUpToItThrough() throws Exception {
        ApprovalPolicy policy = approvals("{\"approvals\": {\"stockAdjustmentAbove\": 2000}}");
        assertThat(policy.needs(Action.STOCK_ADJUSTMENT, 2000)).isFalse();
        assertThat(policy.needs(Action.STOCK_ADJUSTMENT, 2001)).isTrue();
    }

    @Test
    void aBadStockThresholdNamesTheKey() {
        assertThatThrownBy(() -> approvals("{\"approvals\": {\"stockAdjustmentAbove\": \"lots\"}}"))
                .hasMessageContaining("stockAdjustmentAbove");
        assertThatThrownBy(() -> approvals("{\"approvals\": {\"stockAdjustmentAbove\": -1}}"))
                .hasMessageContaining(">= 0");
    }
}

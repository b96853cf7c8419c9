package com.wkpos.edge.agent.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.provisioning.license.LicenseClaims;
import com.wkpos.edge.provisioning.license.RenewalReply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LicenseGateTest {
    private static final Instant T0 = Instant.parse("2026-11-21T08:00:00Z");
    private static final String DEVICE = "a".repeat(43);
    private static final LicenseClaims CLAIMS = new LicenseClaims("hq", "lic", "t", "basic", List.of("loyalty"), 1, T0,
            T0, T0.plus(Duration.ofDays(365)), 30, 1, Optional.of(DEVICE));

    private static LicenseStatus at(Duration offline) {
        return Ladder.evaluate(T0.plus(offline), Optional.of(CLAIMS), DEVICE, Optional.empty(),
                RenewalReply.Status.ACTIVE, "");
    }

    private static String refusal(String method, String path, LicenseStatus s) {
        return LicenseGate.decide(method, path, s).map(LicenseGate.Refusal::problem).orElse("allowed");
    }

    @Test
    void fullAndWarningAllowWhatThePlanHolds() {
        for (LicenseStatus s : List.of(at(Duration.ZERO), at(Duration.ofHours(30)))) {
            assertThat(refusal("POST", "/api/v1/sales", s)).isEqualTo("allowed");
            assertThat(refusal("POST", "/api/v1/customers", s)).isEqualTo("allowed");
            assertThat(refusal("POST", "/api/v1/sales/x/refund", s)).isEqualTo("allowed");
            assertThat(refusal("GET", "/api/v1/reports/trial-balance", s)).isEqualTo("module-not-in-plan");
            assertThat(refusal("POST", "/api/v1/exchange-rates", s)).isEqualTo("module-not-in-plan");
            assertThat(refusal("GET", "/api/v1/reports/monthly", s)).isEqualTo("module-not-in-plan");
            assertThat(refusal("GET", "/api/v1/reports/customer-statement", s)).isEqualTo("module-not-in-plan");
            assertThat(refusal("POST", "/api/v1/jobs", s)).isEqualTo("allowed");
        }
        assertThat(LicenseGate.decide("GET", "/api/v1/ledger", at(Duration.ZERO)).orElseThrow().detail())
                .contains("'accounting' module", "plan 'basic'");
    }

    @Test
    void salesOnlyAllowsSellingAndReadingButNotRefundsReportsOrCatalogChanges() {
        LicenseStatus s = at(Duration.ofHours(73));
        assertThat(s.level()).isEqualTo(LicenseStatus.Level.SALES_ONLY);
        assertThat(refusal("POST", "/api/v1/sales", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/sales/quote", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/sales/0190-abc/receipt", s)).isEqualTo("allowed");
        assertThat(refusal("GET", "/api/v1/products", s)).isEqualTo("allowed");
        assertThat(refusal("GET", "/api/v1/customers/1", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/sales/0190-abc/refund", s)).isEqualTo("license-expired");
        assertThat(refusal("PUT", "/api/v1/catalog", s)).isEqualTo("license-expired");
        assertThat(refusal("POST", "/api/v1/customers", s)).isEqualTo("license-expired");
        assertThat(refusal("POST", "/api/v1/stock/COF-250/adjustments", s)).isEqualTo("license-expired");
        assertThat(refusal("POST", "/api/v1/staff/login", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/shifts", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/shifts/0190-abc/close", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/approvals/0190-abc/approve", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/reports/z", s)).isEqualTo("allowed");
        assertThat(refusal("GET", "/api/v1/reports/x", s)).isEqualTo("allowed");
        // the back office is not selling: its writes wait for a confirmed license
        assertThat(refusal("POST", "/api/v1/jobs", s)).isEqualTo("license-expired");
        assertThat(refusal("POST", "/api/v1/jobs/0190-abc/payments", s)).isEqualTo("license-expired");
        assertThat(refusal("POST", "/api/v1/expenses", s)).isEqualTo("license-expired");
        assertThat(refusal("GET", "/api/v1/jobs/0190-abc", s)).isEqualTo("allowed");
    }

    @Test
    void lockedKeepsDataReadableButRefusesEveryWrite() {
        LicenseStatus s = at(Duration.ofDays(30));
        assertThat(s.level()).isEqualTo(LicenseStatus.Level.LOCKED);
        assertThat(refusal("GET", "/api/v1/sales/1", s)).isEqualTo("allowed");
        assertThat(refusal("GET", "/api/v1/customers", s)).isEqualTo("allowed");
        assertThat(refusal("GET", "/api/v1/reports/trial-balance", s)).isEqualTo("license-expired");
        assertThat(refusal("GET", "/api/v1/reports/x", s)).isEqualTo("allowed");
        assertThat(refusal("POST", "/api/v1/sales", s)).isEqualTo("license-expired");
        assertThat(refusal("POST", "/api/v1/sales/quote", s)).isEqualTo("license-expired");
        LicenseStatus none = Ladder.evaluate(T0, Optional.empty(), DEVICE, Optional.empty(), RenewalReply.Status.ACTIVE,
                "no license installed");
        assertThat(refusal("POST", "/api/v1/sales", none)).isEqualTo("license-locked");
        assertThat(refusal("GET", "/api/v1/products", none)).isEqualTo("allowed");
        LicenseStatus limit = Ladder.evaluate(T0, Optional.of(CLAIMS), DEVICE, Optional.of(T0),
                RenewalReply.Status.DEVICE_LIMIT_REACHED, "");
        assertThat(refusal("POST", "/api/v1/sales", limit)).isEqualTo("device-limit-reached");
    }

    @Test
    void openPathsPassWhateverTheState() {
        LicenseStatus none = Ladder.evaluate(T0, Optional.empty(), DEVICE, Optional.empty(), RenewalReply.Status.ACTIVE, "x");
        for (String path : List.of("/api/v1/health", "/api/v1/openapi.json", "/api/v1/license",
                "/api/v1/license/renewal-reply", "/api/v1/events")) {
            assertThat(refusal("POST", path, none)).as(path).isEqualTo("allowed");
        }
        assertThat(refusal("POST", "/api/v1/licenses-are-not-open", none)).isEqualTo("license-locked");
    }

    @Test
    void aLicenseForAnotherDeviceOrNotYetActivatedLocks() {
        LicenseStatus other = Ladder.evaluate(T0, Optional.of(CLAIMS), "b".repeat(43), Optional.empty(),
                RenewalReply.Status.ACTIVE, "");
        assertThat(other.problem()).isEqualTo("license-locked");
        LicenseClaims tenantOnly = new LicenseClaims("hq", "lic", "t", "basic", List.of(), 1, T0, T0,
                T0.plus(Duration.ofDays(9)), 30, 1, Optional.empty());
        LicenseStatus notActivated = Ladder.evaluate(T0, Optional.of(tenantOnly), DEVICE, Optional.empty(),
                RenewalReply.Status.ACTIVE, "");
        assertThat(notActivated.level()).isEqualTo(LicenseStatus.Level.LOCKED);
        assertThat(notActivated.detail()).contains("not activated", DEVICE);
    }
}

package com.wkpos.edge.agent.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.agent.approval.Action;
import com.wkpos.edge.agent.approval.ApprovalPolicy;
import com.wkpos.edge.agent.catalog.Catalog;
import com.wkpos.edge.agent.catalog.CatalogDocument;
import com.wkpos.edge.agent.catalog.CatalogDocument.PromotionType;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Money rules of manual discounts and price overrides, and when they need a manager. */
class PriceChangeTest {
    private static final SaleSettings NO_ROUNDING = new SaleSettings("EUR", 0, false);

    private static Catalog catalog(CatalogDocument.Promotion... promotions) {
        var doc = new CatalogDocument(1L, "EUR",
                List.of(new CatalogDocument.TaxRate("STD", "19%", 1900), new CatalogDocument.TaxRate("RED", "7%", 700)),
                List.of(new CatalogDocument.Category("food", "Food", null)),
                List.of(new CatalogDocument.Product("coffee", "Coffee", "food", "RED", true, List.of(
                                new CatalogDocument.Variant("COF-250", "250 g", "4006381333931", 699L, 10L, 2L))),
                        new CatalogDocument.Product("paper", "Copy paper", "food", "STD", false, List.of(
                                new CatalogDocument.Variant("OFF-PAPER", "A4 500", "4000000000017", 1000L, 5L, 0L)))),
                Arrays.asList(promotions));
        return Catalog.of(doc, "test");
    }

    private static SaleRequest.Line percent(String sku, long qty, String percent) {
        return new SaleRequest.Line(sku, null, qty, null, new SaleRequest.Discount(new BigDecimal(percent), null), "dented");
    }

    private static SaleRequest.Line amount(String sku, long qty, long off) {
        return new SaleRequest.Line(sku, null, qty, null, new SaleRequest.Discount(null, off), "dented");
    }

    private static SaleRequest.Line override(String sku, long qty, long price) {
        return new SaleRequest.Line(sku, null, qty, price, null, "price match");
    }

    private static PricedSale price(Catalog catalog, SaleRequest.Line... lines) {
        return PriceCalculator.price(catalog, List.of(lines), null, NO_ROUNDING);
    }

    @Test
    void percentDiscountRoundsHalfUpAndTaxFollowsTheDiscountedAmount() {
        // 3 x 6.99 = 20.97; 12.5 % = 2.62125 -> 2.62; 18.35 gross at 7 %: tax 1835*700/10700 = 120.05 -> 120
        PricedSale.Line l = price(catalog(), percent("COF-250", 3, "12.5")).lines().getFirst();
        assertThat(l.manualDiscount()).isEqualTo(262);
        assertThat(l.discount()).isEqualTo(262);
        assertThat(l.total()).isEqualTo(1835);
        assertThat(l.tax()).isEqualTo(120);
        assertThat(l.priceReason()).isEqualTo("dented");
        assertThat(l.listPrice()).isNull();
        // 6.99 x 0.5 % = 3.495 cents -> 3; 7.00 x 0.5 % = 3.5 cents -> 4 (half-up, not to even)
        assertThat(price(catalog(), percent("COF-250", 1, "0.5")).lines().getFirst().manualDiscount()).isEqualTo(3);
        assertThat(PriceCalculator.manualDiscount(new SaleRequest.Discount(new BigDecimal("0.5"), null), 700, 0))
                .isEqualTo(4);
    }

    @Test
    void amountDiscountComesOffTheLineAndNeverBelowZero() {
        PricedSale s = price(catalog(), amount("OFF-PAPER", 2, 150));
        // 20.00 net - 1.50 = 18.50 net, 19 % on top = 3.515 -> 3.52
        assertThat(s.lines().getFirst().net()).isEqualTo(1850);
        assertThat(s.tax()).isEqualTo(352);
        assertThat(s.total()).isEqualTo(2202);
        assertThat(price(catalog(), amount("COF-250", 1, 699)).total()).isZero();
        assertThatThrownBy(() -> price(catalog(), amount("COF-250", 1, 700)))
                .isInstanceOf(SaleRejectedException.class).hasMessageContaining("lines[0].discount.amount");
    }

    @Test
    void manualDiscountComesAfterTheItemPromotionAndBeforeTheCartPromotion() {
        Catalog c = catalog(new CatalogDocument.Promotion("ten", "10 % coffee", PromotionType.PERCENT_OFF_ITEM, 1000,
                        null, List.of("COF-250"), null, null, null),
                new CatalogDocument.Promotion("cart", "1 EUR off", PromotionType.AMOUNT_OFF_CART, null, 100L, null, null,
                        null, null));
        // 2 x 6.99 = 13.98; promotion 1.40 -> 12.58; 10 % manual = 1.258 -> 1.26 -> 11.32; cart 1.00 -> 10.32
        PricedSale.Line l = price(c, percent("COF-250", 2, "10")).lines().getFirst();
        assertThat(l.manualDiscount()).isEqualTo(126);
        assertThat(l.discount()).isEqualTo(140 + 126 + 100);
        assertThat(l.total()).isEqualTo(1032);
        assertThat(l.promotions()).containsExactly("ten", "cart");
    }

    @Test
    void priceOverrideReplacesTheCatalogPriceAndItsItemPromotions() {
        Catalog c = catalog(new CatalogDocument.Promotion("ten", "10 % coffee", PromotionType.PERCENT_OFF_ITEM, 1000,
                null, List.of("COF-250"), null, null, null));
        PricedSale.Line l = price(c, override("COF-250", 2, 500)).lines().getFirst();
        assertThat(l.unitPrice()).isEqualTo(500);
        assertThat(l.listPrice()).isEqualTo(699);
        assertThat(l.discount()).isZero();
        assertThat(l.total()).isEqualTo(1000);
        assertThat(l.overrideReduction()).isEqualTo(398);
        assertThat(price(c, override("COF-250", 1, 800)).lines().getFirst().overrideReduction())
                .as("a raised price takes nothing off").isZero();
    }

    @Test
    void discountAboveThePercentageNeedsAManagerComparedExactly() {
        ApprovalPolicy policy = new ApprovalPolicy(null, null, null, false, false, 1000L, false);
        // 10 % of 6.99 is 0.699, which a 10 % discount gives as 0.70: up to 0.70 is within, 0.71 is above
        assertThat(policy.discountNeedsApproval(70, 699)).isFalse();
        assertThat(policy.discountNeedsApproval(71, 699)).isTrue();
        assertThat(Sales.approvalsNeeded(price(catalog(), percent("COF-250", 1, "10")), policy)).isEmpty();
        // 10.5 % of 20.97 = 2.20 (above 2.10); the whole manual discount of the sale is what the manager covers
        assertThat(Sales.approvalsNeeded(price(catalog(), percent("COF-250", 3, "10.5"),
                amount("OFF-PAPER", 1, 50)), policy)).isEqualTo(Map.of(Action.DISCOUNT, 220L + 50L));
        assertThat(Sales.approvalsNeeded(price(catalog(), override("COF-250", 1, 1)), policy))
                .as("an override is not a discount").isEmpty();
    }

    @Test
    void anyPriceOverrideNeedsAManagerWhenConfigured() {
        ApprovalPolicy policy = new ApprovalPolicy(5000L, null, null, false, false, null, true);
        assertThat(Sales.approvalsNeeded(price(catalog(), override("COF-250", 2, 500)), policy))
                .isEqualTo(Map.of(Action.PRICE_OVERRIDE, 398L));
        assertThat(Sales.approvalsNeeded(price(catalog(), override("COF-250", 10, 800)), policy))
                .isEqualTo(Map.of(Action.PRICE_OVERRIDE, 0L, Action.SALE, 8000L));
        assertThat(Sales.approvalsNeeded(price(catalog(), percent("COF-250", 1, "90")), policy))
                .as("no percentage configured").isEmpty();
    }

    @Test
    void badPriceChangesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> SaleValidation.lines(List.of(new SaleRequest.Line("COF-250", null, 1L, 500L, null,
                null)))).hasMessageContaining("lines[0].reason");
        assertThatThrownBy(() -> SaleValidation.lines(List.of(new SaleRequest.Line("COF-250", null, 1L, -1L, null,
                "x")))).hasMessageContaining("lines[0].unitPrice");
        assertThatThrownBy(() -> SaleValidation.lines(List.of(new SaleRequest.Line("COF-250", null, 1L, null,
                new SaleRequest.Discount(new BigDecimal("10"), 5L), "x")))).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> SaleValidation.lines(List.of(percent("COF-250", 1, "100.5"))))
                .hasMessageContaining("discount.percent");
        assertThatThrownBy(() -> SaleValidation.lines(List.of(percent("COF-250", 1, "1.005"))))
                .hasMessageContaining("two decimals");
        assertThatThrownBy(() -> SaleValidation.lines(List.of(new SaleRequest.Line("COF-250", null, 1L, null, null,
                "why")))).hasMessageContaining("only for a price override");
    }
}

package com.wkpos.edge.agent.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.agent.catalog.Catalog;
import com.wkpos.edge.agent.catalog.CatalogDocument;
import com.wkpos.edge.agent.catalog.CatalogDocument.PromotionType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PriceCalculatorTest {
    private static final SaleSettings NO_ROUNDING = new SaleSettings("EUR", 0, false);
    private static final SaleSettings ROUND_5 = new SaleSettings("EUR", 5, false);

    private static CatalogDocument.Promotion promo(String id, PromotionType type, Integer bp, Long amount,
                                                   List<String> skus, List<String> categories, Long min, String coupon) {
        return new CatalogDocument.Promotion(id, id, type, bp, amount, skus, categories, min, coupon);
    }

    private static Catalog catalog(CatalogDocument.Promotion... promotions) {
        var doc = new CatalogDocument(1L, "EUR",
                List.of(new CatalogDocument.TaxRate("STD", "19%", 1900), new CatalogDocument.TaxRate("RED", "7%", 700)),
                List.of(new CatalogDocument.Category("food", "Food", null),
                        new CatalogDocument.Category("bakery", "Bakery", "food"),
                        new CatalogDocument.Category("office", "Office", null)),
                List.of(new CatalogDocument.Product("coffee", "Coffee", "food", "RED", true, List.of(
                                new CatalogDocument.Variant("COF-250", "250 g", "4006381333931", 699L, 10L, 2L))),
                        new CatalogDocument.Product("croissant", "Croissant", "bakery", "RED", true, List.of(
                                new CatalogDocument.Variant("BAK-CRO", null, null, 129L, 50L, 5L))),
                        new CatalogDocument.Product("paper", "Copy paper", "office", "STD", false, List.of(
                                new CatalogDocument.Variant("OFF-PAPER", "A4 500", "4000000000017", 1000L, 5L, 0L)))),
                Arrays.asList(promotions));
        return Catalog.of(doc, "test");
    }

    private static List<SaleRequest.Line> lines(Object... skuQty) {
        var out = new java.util.ArrayList<SaleRequest.Line>();
        for (int i = 0; i < skuQty.length; i += 2) {
            out.add(new SaleRequest.Line((String) skuQty[i], null, ((Number) skuQty[i + 1]).longValue()));
        }
        return out;
    }

    @Test
    void taxInclusiveLineExtractsTaxFromTheGrossPrice() {
        PricedSale s = PriceCalculator.price(catalog(), lines("COF-250", 2), null, NO_ROUNDING);
        // 13.98 gross at 7%: tax = 1398 * 700 / 10700 = 91.46 -> 91
        assertThat(s.total()).isEqualTo(1398);
        assertThat(s.tax()).isEqualTo(91);
        assertThat(s.lines().getFirst().net()).isEqualTo(1307);
    }

    @Test
    void taxExclusiveLineAddsTaxOnTop() {
        PricedSale s = PriceCalculator.price(catalog(), lines("OFF-PAPER", 3), null, NO_ROUNDING);
        assertThat(s.subtotal()).isEqualTo(3000);
        assertThat(s.tax()).isEqualTo(570);
        assertThat(s.total()).isEqualTo(3570);
    }

    @Test
    void taxRoundsHalfUpToTheCent() {
        // 1.29 gross at 7%: 129 * 700 / 10700 = 8.439 -> 8; 5 * 1.29 = 6.45: 645*700/10700 = 42.196 -> 42
        assertThat(PriceCalculator.price(catalog(), lines("BAK-CRO", 1), null, NO_ROUNDING).tax()).isEqualTo(8);
        assertThat(PriceCalculator.price(catalog(), lines("BAK-CRO", 5), null, NO_ROUNDING).tax()).isEqualTo(42);
        // exclusive 10.50 at 19% = 1.995 -> 2.00 (half-up)
        assertThat(PriceCalculator.divideHalfUp(1050 * 1900, 10_000)).isEqualTo(200);
        assertThat(PriceCalculator.divideHalfUp(1049 * 1900, 10_000)).isEqualTo(199);
    }

    @Test
    void bestItemPromotionWinsAndCategoryPromotionsReachSubcategories() {
        Catalog c = catalog(promo("food10", PromotionType.PERCENT_OFF_ITEM, 1000, null, null, List.of("food"), null, null),
                promo("cro30", PromotionType.AMOUNT_OFF_ITEM, null, 30L, List.of("BAK-CRO"), null, null, null));
        PricedSale s = PriceCalculator.price(c, lines("BAK-CRO", 4), null, NO_ROUNDING);
        // 10% of 516 = 52 (51.6 half-up) < 4 x 30 = 120
        assertThat(s.discount()).isEqualTo(120);
        assertThat(s.lines().getFirst().promotions()).containsExactly("cro30");
        assertThat(s.total()).isEqualTo(516 - 120);
    }

    @Test
    void cartDiscountIsSharedOverLinesAndAddsUpExactly() {
        Catalog c = catalog(promo("welcome10", PromotionType.PERCENT_OFF_CART, 1000, null, null, null, null, "WELCOME10"));
        PricedSale s = PriceCalculator.price(c, lines("COF-250", 1, "BAK-CRO", 3, "OFF-PAPER", 1), "WELCOME10", NO_ROUNDING);
        long cartBase = 699 + 387 + 1000;
        assertThat(s.discount()).isEqualTo(PriceCalculator.divideHalfUp(cartBase * 1000, 10_000));
        assertThat(s.lines().stream().mapToLong(PricedSale.Line::discount).sum()).isEqualTo(s.discount());
        assertThat(s.lines()).allSatisfy(l -> assertThat(l.promotions()).containsExactly("welcome10"));
        assertThat(s.total()).isEqualTo(s.lines().stream().mapToLong(PricedSale.Line::total).sum());
        long exclusiveTax = s.lines().stream().filter(l -> !l.taxInclusive()).mapToLong(PricedSale.Line::tax).sum();
        assertThat(s.total()).isEqualTo(s.subtotal() - s.discount() + exclusiveTax + s.rounding());
    }

    @Test
    void couponPromotionAppliesOnlyWithItsCouponAndAboveItsMinimum() {
        Catalog c = catalog(promo("five", PromotionType.AMOUNT_OFF_CART, null, 500L, null, null, 2500L, "FIVEOFF"));
        assertThat(PriceCalculator.price(c, lines("COF-250", 4), null, NO_ROUNDING).discount()).isZero();
        assertThat(PriceCalculator.price(c, lines("COF-250", 3), "FIVEOFF", NO_ROUNDING).discount()).isZero();
        assertThat(PriceCalculator.price(c, lines("COF-250", 4), "FIVEOFF", NO_ROUNDING).discount()).isEqualTo(500);
    }

    @Test
    void unknownCouponIsRejected() {
        assertThatThrownBy(() -> PriceCalculator.price(catalog(), lines("COF-250", 1), "NOPE", NO_ROUNDING))
                .isInstanceOf(SaleRejectedException.class).hasMessageContaining("NOPE")
                .extracting(e -> ((SaleRejectedException) e).reason()).isEqualTo(SaleRejectedException.Reason.UNKNOWN_COUPON);
    }

    @Test
    void unknownSkuAndBarcodeAreRejectedNamingTheLine() {
        assertThatThrownBy(() -> PriceCalculator.price(catalog(), lines("COF-250", 1, "GHOST", 1), null, NO_ROUNDING))
                .isInstanceOf(SaleRejectedException.class).hasMessageContaining("lines[1]").hasMessageContaining("GHOST");
        var byBarcode = List.of(new SaleRequest.Line(null, "999", 1L));
        assertThatThrownBy(() -> PriceCalculator.price(catalog(), byBarcode, null, NO_ROUNDING))
                .hasMessageContaining("barcode '999'");
    }

    @Test
    void barcodeResolvesToItsVariant() {
        var byBarcode = List.of(new SaleRequest.Line(null, "4006381333931", 1L));
        assertThat(PriceCalculator.price(catalog(), byBarcode, null, NO_ROUNDING).lines().getFirst().sku())
                .isEqualTo("COF-250");
    }

    @Test
    void cashRoundingGoesToTheNearestFiveCents() {
        assertThat(PriceCalculator.cashRounding(297, 5)).isEqualTo(-2);
        assertThat(PriceCalculator.cashRounding(298, 5)).isEqualTo(2);
        assertThat(PriceCalculator.cashRounding(300, 5)).isZero();
        assertThat(PriceCalculator.cashRounding(301, 5)).isEqualTo(-1);
        assertThat(PriceCalculator.cashRounding(303, 5)).isEqualTo(2);
        assertThat(PriceCalculator.cashRounding(299, 0)).isZero();
        PricedSale s = PriceCalculator.price(catalog(), lines("BAK-CRO", 1), null, ROUND_5);
        assertThat(s.rounding()).isEqualTo(1);
        assertThat(s.total()).isEqualTo(130);
    }

    @Test
    void allocationNeverGivesALineMoreThanItsAmountAndSumsExactly() {
        long[] shares = PriceCalculator.allocate(100, new long[] {1, 1, 1});
        assertThat(Arrays.stream(shares).sum()).isEqualTo(3);
        long[] odd = PriceCalculator.allocate(10, new long[] {333, 333, 334});
        assertThat(Arrays.stream(odd).sum()).isEqualTo(10);
        assertThat(odd).containsExactly(3, 3, 4);
    }

    @Test
    void catalogInAnotherCurrencyCannotBeSoldFrom() {
        assertThatThrownBy(() -> PriceCalculator.price(catalog(), lines("COF-250", 1), null,
                new SaleSettings("CHF", 0, false))).hasMessageContaining("CHF");
    }
}

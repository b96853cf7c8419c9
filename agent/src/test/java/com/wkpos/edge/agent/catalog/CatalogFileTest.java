package com.wkpos.edge.agent.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogFileTest {
    private static CatalogDocument parse(String json) {
        return CatalogFile.parse(json.getBytes(StandardCharsets.UTF_8), "test");
    }

    private static final String MINIMAL = """
            {"version":1,"currency":"EUR","taxRates":[{"code":"STD","name":"19%","basisPoints":1900}],
             "categories":[{"id":"c","name":"C","parent":null}],
             "products":[{"id":"p","name":"P","category":"c","taxRate":"STD","taxInclusive":true,
               "variants":[{"sku":"A-1","name":null,"barcode":"123456","price":100,"stock":1,"reorderLevel":0}]}],
             "promotions":[]}
            """;

    @Test
    void demoCatalogIsValidAndRealisticallySized() {
        Catalog demo = Catalog.of(CatalogFile.demo(), "x");
        assertThat(demo.size()).isBetween(300, 1000);
        assertThat(demo.bySku("COF-250")).get().satisfies(i -> assertThat(i.price()).isEqualTo(699));
        assertThat(demo.promotions()).anySatisfy(p -> assertThat(p.coupon()).isEqualTo("WELCOME10"));
    }

    @Test
    void minimalCatalogParses() {
        assertThat(Catalog.of(parse(MINIMAL), "x").byBarcode("123456")).isPresent();
    }

    @Test
    void unknownFieldDuplicateKeyAndFractionalPriceAreRefused() {
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"version\":1,", "\"version\":1,\"extra\":true,")))
                .hasMessageContaining("extra");
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"version\":1,", "\"version\":1,\"version\":2,")))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"price\":100", "\"price\":1.5")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void referentialProblemsAreListedByName() {
        assertThatThrownBy(() -> parse(MINIMAL.replace("\"category\":\"c\"", "\"category\":\"nope\"")
                .replace("\"taxRate\":\"STD\"", "\"taxRate\":\"ZZ\"")))
                .hasMessageContaining("unknown category nope").hasMessageContaining("unknown tax rate ZZ");
    }

    @Test
    void searchFindsByWordsSkuAndBarcode() {
        Catalog demo = Catalog.of(CatalogFile.demo(), "x");
        assertThat(demo.search("house blend", 10)).extracting(Item::sku).contains("COF-250");
        assertThat(demo.search("cof-250", 10).getFirst().sku()).isEqualTo("COF-250");
        assertThat(demo.search("4006381333931", 10).getFirst().sku()).isEqualTo("COF-250");
        assertThat(demo.search("", 5)).hasSize(5);
    }
}

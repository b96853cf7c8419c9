package com.wkpos.edge.agent.catalog;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static com.wkpos.edge.protocol.fuzz.Fuzz.refusesOnlyWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.fuzz.Mutations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Catalog files as an operator imports them, arbitrary and mutated (members removed, repeated or of the
 * wrong type, huge numbers, deep nesting, long strings, nulls in lists): each is read into a catalog or
 * refused with an IllegalArgumentException naming the problem.
 */
class CatalogFileFuzzTest {
    private static final byte[] SAMPLE = sample();

    @Test
    void theSampleOfTheCorpusReadsIntoACatalog() {
        Catalog catalog = Catalog.of(CatalogFile.parse(SAMPLE, "sample"), "x");
        assertThat(catalog.bySku("COF-500")).get().satisfies(i -> assertThat(i.price()).isEqualTo(899));
        assertThat(catalog.byBarcode("40063813")).isPresent();
    }

    @Test
    void arbitraryBytesAreRefusedAsACatalog() {
        forAll(2_000, r -> r.nextBoolean() ? Mutations.bytes(r, 300)
                : Mutations.text(r, 300).getBytes(StandardCharsets.UTF_8), CatalogFileFuzzTest::imported);
    }

    @Test
    void mutatedCatalogsAreReadOrRefusedNamingTheProblem() {
        JsonNode tree = Mutations.tree(SAMPLE);
        forAll(2_000, r -> Mutations.mutateJson(r, tree), CatalogFileFuzzTest::imported);
    }

    @Test
    void aNullVariantIsRefusedNamingItsProduct() {
        String json = new String(SAMPLE, StandardCharsets.UTF_8).replace("\"variants\":[{\"sku\":\"WAT-1\"",
                "\"variants\":[null,{\"sku\":\"WAT-1\"");
        assertThatThrownBy(() -> CatalogFile.parse(json.getBytes(StandardCharsets.UTF_8), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("product p-water");
    }

    @Test
    void aNullInTheCategoriesIsRefusedAsAProblemOfTheCatalog() {
        String json = new String(SAMPLE, StandardCharsets.UTF_8).replace("\"categories\":[", "\"categories\":[null,");
        assertThatThrownBy(() -> CatalogFile.parse(json.getBytes(StandardCharsets.UTF_8), "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("categories contains null");
    }

    @Test
    void aCategoryWithoutANameShowsAsItsId() {
        String json = new String(SAMPLE, StandardCharsets.UTF_8).replace("\"name\":\"Kaffee\"", "\"name\":null");
        Catalog catalog = Catalog.of(CatalogFile.parse(json.getBytes(StandardCharsets.UTF_8), "test"), "x");
        assertThat(catalog.categoryName("coffee")).isEqualTo("coffee");
    }

    /** What an import does: read the file, then build the till's catalog from it. */
    private static void imported(byte[] json) throws Throwable {
        refusesOnlyWith(() -> Catalog.of(CatalogFile.parse(json, "import"), "x"), IllegalArgumentException.class);
    }

    private static byte[] sample() {
        try (InputStream in = CatalogFileFuzzTest.class.getResourceAsStream("/fuzz/catalog/small.json")) {
            if (in == null) {
                throw new IllegalStateException("fuzz corpus sample fuzz/catalog/small.json is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

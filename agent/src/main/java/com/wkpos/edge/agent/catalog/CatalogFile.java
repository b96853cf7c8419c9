package com.wkpos.edge.agent.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads catalog JSON strictly: unknown fields, duplicate keys, fractions for integers are errors. */
public final class CatalogFile {
    static final long MAX_BYTES = 64L * 1024 * 1024;
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CatalogFile() {
    }

    /** @throws IllegalArgumentException naming the file and what is wrong with it */
    public static CatalogDocument read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException("catalog " + file + " is " + size + " bytes; the limit is " + MAX_BYTES);
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** The demo catalog shipped with the agent. */
    public static CatalogDocument demo() {
        try (InputStream in = CatalogFile.class.getResourceAsStream("/demo/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("the demo catalog is missing from the build");
            }
            return parse(in.readAllBytes(), "demo catalog");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the demo catalog", e);
        }
    }

    static CatalogDocument parse(byte[] json, String where) {
        CatalogDocument doc;
        try {
            doc = STRICT.readValue(json, CatalogDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("catalog " + where + " is not valid: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read catalog " + where + ": " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new IllegalArgumentException("catalog " + where + " is empty");
        }
        var problems = doc.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("catalog " + where + " is not valid: " + String.join("; ", problems));
        }
        return doc;
    }
}

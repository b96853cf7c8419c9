package com.wkpos.edge.agent.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The OpenAPI document: the main file plus each module's fragment, merged once at start-up. */
final class OpenApiDocument {
    private OpenApiDocument() {
    }

    /** Merges fragments into the main document; a path or component defined twice is a build error. */
    static String merge(String mainResource, List<String> fragmentResources) {
        ObjectNode doc = (ObjectNode) read(mainResource);
        for (String fragmentResource : fragmentResources) {
            JsonNode fragment = read(fragmentResource);
            mergeObject(doc, fragment, "paths", fragmentResource);
            JsonNode components = fragment.path("components");
            for (Iterator<Map.Entry<String, JsonNode>> it = components.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> section = it.next();
                ObjectNode target = ((ObjectNode) doc.with("components")).with(section.getKey());
                putAll(target, section.getValue(), "components." + section.getKey(), fragmentResource);
            }
            if (fragment.has("tags")) {
                ArrayNode tags = doc.withArray("tags");
                fragment.get("tags").forEach(tags::add);
            }
        }
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the OpenAPI document", e);
        }
    }

    private static void mergeObject(ObjectNode doc, JsonNode fragment, String field, String where) {
        if (fragment.has(field)) {
            putAll(doc.with(field), fragment.get(field), field, where);
        }
    }

    private static void putAll(ObjectNode target, JsonNode source, String section, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = source.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (target.has(e.getKey())) {
                throw new IllegalStateException(where + " defines " + section + "." + e.getKey() + " a second time");
            }
            target.set(e.getKey(), e.getValue());
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}

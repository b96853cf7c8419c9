package com.wkpos.edge.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bad request bodies for a documented request schema: not JSON, the wrong shape, and a plausible body (each
 * field at a sample of its type) with one field at a time replaced by the wrong type, an extreme, an empty or
 * huge value. Deterministic, so a failure names the body that caused it.
 */
final class Garbage {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<JsonNode> WRONG = List.of(F.nullNode(), F.textNode("x"), F.numberNode(-1),
            F.numberNode(0), F.numberNode(Long.MAX_VALUE), F.numberNode(new BigInteger("92233720368547758080")),
            F.numberNode(1.5), F.numberNode(-1e300), F.booleanNode(true), F.arrayNode(), F.objectNode(),
            F.textNode(""), F.textNode("x".repeat(20_000)), F.textNode("\u0000\ud800"));

    private Garbage() {
    }

    static List<String> bodies(JsonNode schema) {
        Set<String> out = new LinkedHashSet<>(List.of("", "null", "[]", "{}", "\"x\"", "{", "{\"unknown\":1}", "123",
                "[{}]", "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}"));
        JsonNode sample = sample(schema, 0);
        out.add(sample.toString());
        if (sample.isObject()) {
            for (Map.Entry<String, JsonNode> field : sample.properties()) {
                for (JsonNode wrong : WRONG) {
                    ObjectNode body = ((ObjectNode) sample).deepCopy();
                    body.set(field.getKey(), wrong);
                    out.add(body.toString());
                }
                ObjectNode without = ((ObjectNode) sample).deepCopy();
                without.remove(field.getKey());
                out.add(without.toString());
                if (field.getValue().isArray() && !field.getValue().isEmpty()) {
                    for (JsonNode wrong : WRONG) {
                        ObjectNode body = ((ObjectNode) sample).deepCopy();
                        ((ArrayNode) body.get(field.getKey())).set(0, wrong);
                        out.add(body.toString());
                    }
                    ObjectNode many = ((ObjectNode) sample).deepCopy();
                    ArrayNode items = F.arrayNode();
                    for (int i = 0; i < 600; i++) {
                        items.add(field.getValue().get(0));
                    }
                    many.set(field.getKey(), items);
                    out.add(many.toString());
                }
                if (field.getValue().isArray() && !field.getValue().isEmpty() && field.getValue().get(0).isObject()) {
                    for (Map.Entry<String, JsonNode> inner : field.getValue().get(0).properties()) {
                        for (JsonNode wrong : WRONG) {
                            ObjectNode body = ((ObjectNode) sample).deepCopy();
                            ((ObjectNode) body.get(field.getKey()).get(0)).set(inner.getKey(), wrong);
                            out.add(body.toString());
                        }
                    }
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** A value of the schema's type: its first enum value or example, else a small value of its type. */
    static JsonNode sample(JsonNode schema, int depth) {
        if (depth > 6 || schema == null || schema.isMissingNode()) {
            return F.textNode("x");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        if (schema.has("examples") && !schema.get("examples").isEmpty()) {
            return schema.get("examples").get(0);
        }
        for (String choice : List.of("oneOf", "anyOf", "allOf")) {
            if (schema.has(choice)) {
                return sample(schema.get(choice).get(0), depth + 1);
            }
        }
        String type = schema.path("type").isArray() ? schema.get("type").get(0).asText() : schema.path("type").asText("");
        return switch (type) {
            case "integer" -> F.numberNode(1);
            case "number" -> F.numberNode(1.5);
            case "boolean" -> F.booleanNode(true);
            case "array" -> {
                ArrayNode a = F.arrayNode();
                a.add(sample(schema.get("items"), depth + 1));
                yield a;
            }
            case "string" -> F.textNode("x");
            default -> {
                ObjectNode o = F.objectNode();
                schema.path("properties").properties().forEach(e -> o.set(e.getKey(), sample(e.getValue(), depth + 1)));
                yield o;
            }
        };
    }
}

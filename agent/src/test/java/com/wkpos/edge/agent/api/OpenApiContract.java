package com.wkpos.edge.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.wkpos.edge.agent.Http;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The box's OpenAPI document as a checker of real answers: each answer's status must be documented for its
 * path and method, and its body must validate against that response's schema (JSON Schema 2020-12, as
 * OpenAPI 3.1 writes it, with every {@code $ref} resolved in the document).
 */
final class OpenApiContract {
    /** A documented operation: its path template, method and request body schema (null when it takes none). */
    record Operation(String template, String method, JsonNode requestSchema) {
    }

    private record Template(String template, Pattern pattern, int literals) {
    }

    private final JsonNode doc;
    private final List<Template> templates = new ArrayList<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    OpenApiContract(JsonNode doc) {
        this.doc = doc;
        for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
            String t = it.next();
            StringBuilder regex = new StringBuilder();
            int literals = 0;
            for (String segment : t.substring(1).split("/", -1)) {
                regex.append('/');
                if (segment.startsWith("{")) {
                    regex.append("[^/]+");
                } else {
                    regex.append(Pattern.quote(segment));
                    literals++;
                }
            }
            templates.add(new Template(t, Pattern.compile(t.equals("/") ? "/" : regex.toString()), literals));
        }
        templates.sort(Comparator.comparingInt(Template::literals).reversed());
    }

    List<Operation> operations() {
        List<Operation> out = new ArrayList<>();
        for (Template t : templates) {
            doc.get("paths").get(t.template()).properties().forEach(e -> {
                if (Set.of("get", "post", "put", "delete", "patch").contains(e.getKey())) {
                    JsonNode schema = e.getValue().at("/requestBody/content/application~1json/schema");
                    out.add(new Operation(t.template(), e.getKey().toUpperCase(), schema.isMissingNode() ? null
                            : resolve(schema, 0)));
                }
            });
        }
        return out;
    }

    /** What is wrong with this answer to {@code method path}; empty when it is as documented. */
    List<String> check(String method, String path, Http.Response r) {
        String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String where = method + " " + path + " → " + r.status();
        Optional<Template> t = templates.stream().filter(x -> x.pattern().matcher(bare).matches()).findFirst();
        if (t.isEmpty()) {
            return r.status() == 404 ? List.of() : List.of(where + ": the path is not documented");
        }
        JsonNode op = doc.get("paths").get(t.get().template()).path(method.toLowerCase());
        if (op.isMissingNode()) {
            return List.of(where + ": " + method + " is not documented for " + t.get().template());
        }
        JsonNode responses = op.path("responses");
        JsonNode response = responses.path(String.valueOf(r.status()));
        if (response.isMissingNode()) {
            response = responses.path(r.status() / 100 + "XX");
        }
        if (response.isMissingNode()) {
            response = responses.path("default");
        }
        if (response.isMissingNode()) {
            return List.of(where + ": status not documented (" + fieldNames(responses) + "): " + abbreviate(r.body()));
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            return List.of();
        }
        String type = r.contentType() == null ? "" : r.contentType().split(";")[0].strip();
        JsonNode media = content.path(type);
        if (media.isMissingNode()) {
            return List.of(where + ": answered as '" + type + "', documented as " + fieldNames(content));
        }
        JsonNode schema = media.path("schema");
        if (schema.isMissingNode() || !type.contains("json")) {
            return List.of();
        }
        JsonNode body;
        try {
            body = Http.JSON.readTree(r.body());
        } catch (Exception e) {
            return List.of(where + ": the body is not JSON: " + abbreviate(r.body()));
        }
        String key = t.get().template() + " " + method + " " + r.status() + " " + type;
        JsonSchema s = schemas.computeIfAbsent(key, k -> factory.getSchema(resolve(schema, 0)));
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : s.validate(body)) {
            out.add(where + ": " + m.getMessage() + " in " + abbreviate(r.body()));
        }
        return out;
    }

    /** The schema with every {@code $ref} into the document replaced by what it names. */
    private JsonNode resolve(JsonNode node, int depth) {
        if (depth > 30) {
            throw new IllegalStateException("schema references nest deeper than 30: " + abbreviate(node.toString()));
        }
        if (node.isObject()) {
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                if (!ref.startsWith("#/")) {
                    throw new IllegalStateException("a reference outside the document: " + ref);
                }
                JsonNode target = doc.at(ref.substring(1));
                if (target.isMissingNode()) {
                    throw new IllegalStateException("a reference to nothing: " + ref);
                }
                return resolve(target, depth + 1);
            }
            ObjectNode out = Http.JSON.createObjectNode();
            node.properties().forEach(e -> out.set(e.getKey(), resolve(e.getValue(), depth + 1)));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = Http.JSON.createArrayNode();
            node.forEach(n -> out.add(resolve(n, depth + 1)));
            return out;
        }
        return node;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}

package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Http;
import org.junit.jupiter.api.Test;

/** The checker the conformance IT relies on finds what it should: an undocumented status, a wrong body. */
class OpenApiContractTest {
    private static final String DOC = """
            {"paths": {
              "/api/v1/things/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "404": {"content": {"application/problem+json": {"schema": {"type": "object",
                        "required": ["type"]}}}}}}},
              "/api/v1/things/count": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
                        {"type": "integer"}}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "required": ["id", "qty"], "properties": {
                "id": {"type": "string"}, "qty": {"type": "integer"}, "note": {"type": ["string", "null"]}}}}}}""";

    private final OpenApiContract contract = contract();

    @Test
    void anAnswerAsDocumentedPasses() {
        assertThat(contract.check("GET", "/api/v1/things/a1", answer(200, "application/json",
                "{\"id\":\"a1\",\"qty\":2,\"note\":null}"))).isEmpty();
        assertThat(contract.check("GET", "/api/v1/things/count?x=1", answer(200, "application/json", "3")))
                .as("a literal segment wins over a parameter").isEmpty();
        assertThat(contract.check("GET", "/nowhere", answer(404, "text/plain", "no"))).isEmpty();
    }

    @Test
    void whatDiffersIsFound() {
        assertThat(contract.check("GET", "/api/v1/things/a1", answer(200, "application/json", "{\"id\":\"a1\"}")))
                .singleElement().asString().contains("qty");
        assertThat(contract.check("GET", "/api/v1/things/a1", answer(200, "application/json",
                "{\"id\":1,\"qty\":\"2\"}"))).hasSize(2);
        assertThat(contract.check("GET", "/api/v1/things/a1", answer(500, "application/json", "{}")))
                .singleElement().asString().contains("status not documented");
        assertThat(contract.check("GET", "/api/v1/things/a1", answer(404, "application/json", "{}")))
                .singleElement().asString().contains("documented as application/problem+json");
        assertThat(contract.check("POST", "/api/v1/things/a1", answer(200, "application/json", "{}")))
                .singleElement().asString().contains("POST is not documented");
        assertThat(contract.check("GET", "/api/v1/things/a1", answer(200, "application/json", "not json")))
                .singleElement().asString().contains("not JSON");
        assertThat(contract.check("GET", "/api/v1/other", answer(200, "application/json", "{}")))
                .singleElement().asString().contains("path is not documented");
    }

    private static OpenApiContract contract() {
        try {
            return new OpenApiContract(Http.JSON.readTree(DOC));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Http.Response answer(int status, String type, String body) {
        return new Http.Response(status, type, body, null);
    }
}

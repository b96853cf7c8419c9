package com.wkpos.edge.agent.provisioning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.provisioning.crypto.StrictJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Enrollment over HQ's HTTP(S) API: {@code POST <enroll url>/enroll {token, csr}} (ADR 008). */
public final class HttpEnroller implements Enroller {
    private static final int MAX_ANSWER = 64 * 1024;

    @Override
    public Certificate enroll(String enrollUrl, String token, String csrPem) throws EnrollException {
        byte[] body = StrictJson.bytes(Map.of("token", token, "csr", csrPem));
        String url = enrollUrl.replaceAll("/+$", "") + "/enroll";
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.body().length > MAX_ANSWER) {
                throw new EnrollException("HQ's answer from " + url + " is larger than " + MAX_ANSWER + " bytes", null);
            }
            if (r.statusCode() != 201) {
                throw new EnrollException("HQ refused enrollment at " + url + " (" + r.statusCode() + "): "
                        + new String(r.body(), StandardCharsets.UTF_8), null);
            }
            ObjectNode answer = StrictJson.object(r.body());
            return new Certificate(answer.path("certificate").asText(), answer.path("ca").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw new EnrollException("enrollment at " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollException("interrupted while enrolling at " + url, e);
        }
    }
}
